// Drives the demo as a person would, in Chromium, Firefox and WebKit at once: each engine gets its own
// `npm start` server in-process (so the server's connection count is that page's alone), opens the page,
// checks each panel, sends a chat message full of markup, opens a second tab for the shared panel (and
// closes the first, and opens the devtools there), runs axe-core on the page (on arrival and with every
// panel in use), and reports page errors.
// Usage: node scripts/demo-check.js [--screenshot docs/demo.png]   (the screenshot is Chromium's)
// SSE_KIT_ENGINES=chromium,firefox picks engines, as for the tests.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'vite';
import { ENGINE_NAMES, selectedEngines } from './engines.js';
import { launch } from './pages.js';
import { until } from './until.js';

const shotIndex = process.argv.indexOf('--screenshot');
const screenshot = shotIndex > 0 ? process.argv[shotIndex + 1] : null;

/** @typedef {import('./pages.js').Page} Page */

/**
 * Recorded before any script of the page runs, the same way in every engine: uncaught errors, rejected
 * promises, resources that failed to load, and any dialog (the chat's markup must never open one).
 */
const errorRecorder = `<script>
  window.__pageErrors = [];
  addEventListener('error', (e) => __pageErrors.push(e instanceof ErrorEvent ? e.message : 'failed to load ' + (e.target.src || e.target.href || e.target.tagName)), true);
  addEventListener('unhandledrejection', (e) => __pageErrors.push('unhandled rejection: ' + (e.reason && e.reason.message || e.reason)));
  for (const name of ['alert', 'confirm', 'prompt']) window[name] = (text) => __pageErrors.push('a dialog opened: ' + text);
</script>`;

/** axe-core, run in the page as the tests' accessibility checks run it. */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's violations on the page as it is now, one line each: the rule, its impact and the elements.
 * @param {Page} page
 */
function axeViolations(page) {
  return page.evaluate(async (source) => {
    const w = /** @type {Window & { axe?: { run: (context: Node, options: object) => Promise<{ violations: { id: string, impact: string, nodes: { target: string[] }[] }[] }> } }} */ (window);
    if (!w.axe) (0, eval)(source);
    const { violations } = await /** @type {NonNullable<typeof w.axe>} */ (w.axe).run(document, { resultTypes: ['violations'] });
    return violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((node) => node.target.join(' > ')).join(', ')}`);
  }, axeSource);
}

/**
 * Polls `fn` in the page until it returns true; past `timeout` (a budget for a loaded machine: a wait that
 * holds returns at once) fails saying what it waited for and, given `seen` (run in the page too), what
 * was there instead.
 * @template A
 * @param {Page} page
 * @param {string} what
 * @param {(arg: A) => boolean} fn
 * @param {{ arg?: A, timeout?: number, seen?: (arg: A) => unknown }} [options]
 */
async function waitFor(page, what, fn, { arg, timeout = 30_000, seen } = {}) {
  const end = performance.now() + timeout;
  while (!(await page.evaluate(fn, arg))) {
    if (performance.now() > end) {
      const there = seen ? await page.evaluate(seen, arg).catch((/** @type {Error} */ error) => `(could not tell: ${error.message})`) : undefined;
      throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}${seen ? `; saw ${JSON.stringify(there)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The ask streams' keys, as the server saw them: the page picks its own at random, and what the server
 * counted for it is the check's word on an abort, beside what the page shows.
 * @returns {import('vite').Plugin & { keys: string[] }}
 */
function askKeys() {
  /** @type {string[]} */
  const keys = [];
  return {
    name: 'sse-kit:demo-check-ask-keys',
    // Before the SSE endpoints, which answer the request and end the middleware chain.
    enforce: 'pre',
    keys,
    configureServer(vite) {
      vite.middlewares.use((req, _res, next) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const key = url.pathname === '/sse/ask' ? url.searchParams.get('key') : null;
        if (key && !keys.includes(key)) keys.push(key);
        next();
      });
    },
  };
}

/**
 * The whole check in one engine, on a server of its own; returns what failed.
 * @param {import('./engines.js').EngineName} engine
 * @param {string[]} log
 */
async function checkDemo(engine, log) {
  /** @type {string[]} */
  const failures = [];
  /** @param {boolean} ok @param {string} what */
  const check = (ok, what) => {
    log.push(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) failures.push(what);
  };
  const askRequests = askKeys();
  const server = await createServer({
    configFile: 'vite.config.ts',
    server: { port: 0 },
    logLevel: 'warn',
    plugins: [askRequests, { name: 'sse-kit:page-errors', transformIndexHtml: () => [{ tag: 'script', children: errorRecorder.replace(/<\/?script>/g, ''), injectTo: 'head-prepend' }] }],
  });
  await server.listen();
  const address = server.httpServer?.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 5173}/`;
  /** @type {import('./pages.js').Browser | undefined} */
  let browser;
  try {
    browser = await launch(engine, { viewport: { width: 1280, height: 1180 } });
    const p = await (await browser.newProfile()).open(url);
    const loadedAt = Date.now();
    await p.evaluate(() => {
      const w = /** @type {Window & { headerStates?: string[] }} */ (window);
      w.headerStates = [];
      document.querySelector('header sse-status')?.addEventListener('sse-state-change', (e) => w.headerStates?.push(/** @type {CustomEvent} */ (e).detail.state));
    });
    /** @param {string} selector */
    const itemText = (selector) =>
      p.evaluate((s) => [...document.querySelectorAll(s)].map((el) => el.shadowRoot?.querySelector('[part~="item"]:last-child')?.textContent ?? ''), selector);
    /** @param {string} selector */
    const text = (selector) => p.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);

    await waitFor(p, 'the server to count 1 connection to /sse/demo', () => document.querySelector('#server-count')?.textContent === '1', {
      seen: () => document.querySelector('#server-count')?.textContent,
    });
    await waitFor(p, 'a tick in each of the 12 panel widgets', () => [...document.querySelectorAll('#panel sse-feed')].every((f) => f.shadowRoot?.querySelector('[part~="item"]')), {
      seen: () => [...document.querySelectorAll('#panel sse-feed')].map((f) => f.shadowRoot?.querySelector('[part~="item"]')?.textContent ?? null),
    });
    const tiles = await itemText('#panel sse-feed');
    check(tiles.length === 12 && tiles.every((t) => /^\d+$/.test(t)), `12 panel widgets show ticks (${tiles.join(' ')})`);
    check((await text('#server-count')) === '1', 'the server counts 1 connection to /sse/demo');
    // The panel's sentence counts what its title says: its 12 tiles, and the other panels' widgets apart.
    const counts = await p.evaluate(() => {
      const onDemo = (/** @type {Element} */ el) => /** @type {{ connection?: { url: string } }} */ (el).connection?.url.endsWith('/sse/demo') ?? false;
      const widgets = [...document.querySelectorAll('sse-feed, sse-status, sse-text')].filter(onDemo);
      return {
        tiles: document.querySelector('#tile-count')?.textContent,
        other: document.querySelector('#other-count')?.textContent,
        outside: widgets.filter((el) => !el.closest('#panel')).length,
      };
    });
    check(counts.tiles === '12' && counts.other === String(counts.outside), `the panel counts its 12 widgets and the page's ${counts.outside} others apart (${JSON.stringify(counts)})`);
    // Panels that wait for the user say so, and show no status (it would read "Disconnected") until asked.
    const waiting = await p.evaluate(() =>
      ['#ask', '#chaos'].map((panel) => ({
        panel,
        statusHidden: document.querySelector(`${panel} sse-status`)?.hasAttribute('hidden'),
        says: document.querySelector(`${panel} [slot=empty]`)?.textContent,
      })),
    );
    check(waiting.every((w) => w.statusHidden && w.says), `the Ask and chaos panels wait in words, with no red status (${JSON.stringify(waiting)})`);
    const arrival = await axeViolations(p);
    check(arrival.length === 0, `axe-core: no violations on arrival${arrival.length ? `: ${arrival.join('; ')}` : ''}`);
    // The htmx panel: twelve htmx-ext-sse widgets on SseEventSource, on that same connection.
    await waitFor(p, 'a tick in each of the 12 htmx widgets', () => [...document.querySelectorAll('#htmx [sse-swap]')].every((span) => /^\d+$/.test(span.textContent ?? '')), {
      seen: () => [...document.querySelectorAll('#htmx [sse-swap]')].map((span) => span.textContent),
    });
    const htmxTiles = await p.evaluate(() => [...document.querySelectorAll('#htmx [sse-swap]')].map((span) => span.textContent ?? ''));
    check(htmxTiles.length === 12 && (await text('#server-count')) === '1', `12 htmx widgets show ticks on the same connection (${htmxTiles.join(' ')})`);

    await waitFor(p, 'a heartbeat', () => Boolean(document.querySelector('#heartbeat sse-feed')?.shadowRoot?.textContent?.includes('OK')), {
      seen: () => document.querySelector('#heartbeat sse-feed')?.shadowRoot?.textContent,
    });
    check((await itemText('#heartbeat sse-feed'))[0] === 'OK', 'heartbeat shows OK');
    check((await p.evaluate(() => document.querySelector('#heartbeat sse-status')?.getAttribute('state'))) === 'open', 'heartbeat status is open');
    await waitFor(p, 'the clock', () => Boolean(document.querySelector('#clock sse-feed')?.shadowRoot?.querySelector('[part~="item"]')));
    check(/^\d\d:\d\d:\d\d$/.test((await itemText('#clock sse-feed'))[0]), 'the clock ticks');
    await waitFor(p, 'a price', () => Boolean(document.querySelector('#prices sse-feed')?.shadowRoot?.querySelector('[part~="item"]')));
    check(/^[A-Z]+\s+[\d.]+\s+[+-][\d.]+%$/.test((await itemText('#prices sse-feed'))[0].trim().replace(/\s+/g, ' ')), 'prices render through the template');
    // The typed ticker: an invalid price is rejected by its schema, counted and shown, and the prices go on.
    const shownBefore = await p.evaluate(() => /** @type {import('../src/index.js').SseFeed | null} */ (document.querySelector('#prices sse-feed'))?.connection?.messageCount ?? 0);
    await p.press('#bad-price', 'Enter');
    await waitFor(p, 'the rejected count to say 1', () => document.querySelector('#price-rejected')?.textContent === '1', {
      seen: () => document.querySelector('#price-rejected')?.textContent,
    });
    const rejected = await p.evaluate(() => document.querySelector('#price-rejection')?.textContent ?? '');
    await waitFor(p, 'two more prices', (n) => (/** @type {import('../src/index.js').SseFeed | null} */ (document.querySelector('#prices sse-feed'))?.connection?.messageCount ?? 0) > n + 1, {
      arg: shownBefore,
      seen: () => /** @type {import('../src/index.js').SseFeed | null} */ (document.querySelector('#prices sse-feed'))?.connection?.messageCount,
    });
    const prices = await itemText('#prices sse-feed');
    check(
      rejected.includes('does not match its schema') && rejected.includes('n/a') && prices.every((text) => !text.includes('n/a')),
      `an invalid price is rejected by the schema and shown, and the ticker goes on (${rejected.slice(0, 80)}…)`,
    );

    const markup = '<img src=x onerror=alert(1)> <b>hello</b>';
    await p.type('#chat-form input[name=name]', 'demo');
    await p.type('#chat-form input[name=text]', markup);
    // Buttons are pressed with Enter, as a keyboard user does: a click aims at where the button is, and
    // the live feeds above it can move it in between (under load a click landed beside it, in every engine).
    await p.press('#chat-form button', 'Enter');
    await waitFor(p, 'the chat message to come back', () => Boolean(document.querySelector('#chat sse-feed')?.shadowRoot?.querySelector('[part~="item"]')), {
      seen: () => ({
        name: /** @type {HTMLInputElement} */ (document.querySelector('#chat-form input[name=name]')).value,
        text: /** @type {HTMLInputElement} */ (document.querySelector('#chat-form input[name=text]')).value,
        items: [...(document.querySelector('#chat sse-feed')?.shadowRoot?.querySelectorAll('[part~="item"]') ?? [])].map((item) => item.textContent),
        demo: document.querySelector('header sse-status')?.getAttribute('state'),
      }),
    });
    const chat = await p.evaluate(() => {
      const item = document.querySelector('#chat sse-feed')?.shadowRoot?.querySelector('[part~="item"]');
      return { text: item?.textContent ?? '', elements: item?.querySelectorAll('img, b').length ?? -1 };
    });
    check(chat.text.includes(markup) && chat.elements === 0, 'chat markup is shown as text, never parsed');

    // The flaky stream drops after 6 events (3 s) and fails every third request.
    await waitFor(p, 'four state changes of the flaky stream', () => document.querySelectorAll('#flaky-log li').length >= 4, {
      seen: () => [...document.querySelectorAll('#flaky-log li')].map((li) => li.textContent),
    });
    const flaky = await p.evaluate(() => [...document.querySelectorAll('#flaky-log li')].map((li) => li.textContent ?? ''));
    check(flaky.some((l) => l.endsWith('reconnecting')), `flaky panel shows reconnecting (${flaky.length} state changes)`);

    // The chaos panel: start it, answer 503 twice, and the stream comes back with no id skipped or repeated.
    // The start button hides itself: focus moves on to the first fault button, not to <body>.
    await p.press('#chaos-start', 'Enter');
    const focused = await p.evaluate(() => ({
      start: /** @type {HTMLElement} */ (document.querySelector('#chaos-start')).hidden,
      status: document.querySelector('#chaos sse-status')?.hasAttribute('hidden'),
      active: document.activeElement?.getAttribute('data-do') ?? document.activeElement?.tagName,
    }));
    check(focused.start && !focused.status && focused.active === 'drop', `starting the chaos stream hides its button, shows the status and focuses the first fault (${JSON.stringify(focused)})`);
    const chaosIds = () =>
      p.evaluate(() => /** @type {import('../src/index.js').SseFeed} */ (document.querySelector('#chaos-feed')).items.map((item) => Number(item.message.lastEventId)));
    /** What the chaos panel shows: its log and the ids in its feed. */
    const chaosSeen = () => ({
      log: [...document.querySelectorAll('#chaos-log li')].map((li) => li.textContent),
      ids: /** @type {import('../src/index.js').SseFeed} */ (document.querySelector('#chaos-feed')).items.map((item) => item.message.lastEventId),
    });
    await waitFor(p, 'two chaos events', () => /** @type {import('../src/index.js').SseFeed} */ (document.querySelector('#chaos-feed')).items.length >= 2, { seen: chaosSeen });
    await p.press('#chaos [data-do^="fail&status=503"]', 'Enter');
    await waitFor(p, 'the 503 to show as refused', () => [...document.querySelectorAll('#chaos-log li')].some((li) => li.textContent?.includes('refused')), { seen: chaosSeen });
    const before = Math.max(...(await chaosIds()));
    await waitFor(
      p,
      `chaos events past #${before + 1}, after the 503s`,
      (last) => /** @type {import('../src/index.js').SseFeed} */ (document.querySelector('#chaos-feed')).items.some((item) => Number(item.message.lastEventId) > last + 1),
      { arg: before, seen: chaosSeen },
    );
    const ids = await chaosIds();
    check(ids.every((id, i) => i === 0 || id === ids[i - 1] + 1), `chaos panel recovers from 503s with contiguous ids (${ids.join(' ')})`);
    // Past the default 15 s connect timeout, the demo stream has never been reopened: an open stream is not
    // mistaken for one that never answered.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, loadedAt + 17_000 - Date.now())));
    const header = await p.evaluate(() => ({
      state: /** @type {import('../src/index.js').SseStatus} */ (document.querySelector('header sse-status')).connection?.state,
      changes: /** @type {Window & { headerStates?: string[] }} */ (window).headerStates,
    }));
    check(
      header.state === 'open' && !header.changes?.includes('reconnecting'),
      `after 17 s the shared demo stream is still open and was never reopened (${JSON.stringify(header)})`,
    );
    // Ask: a question with markup streams back as text and ends as Done; a new question starts over; Stop aborts.
    const askText = () => p.evaluate(() => /** @type {HTMLElement & { text: string }} */ (document.querySelector('#ask sse-text')).text);
    /** What the ask panel shows: its status, its text and the server's counts as the page has them. */
    const askSeen = () => ({
      state: document.querySelector('#ask sse-status')?.getAttribute('state'),
      done: document.querySelector('#ask sse-status')?.hasAttribute('done'),
      text: /** @type {HTMLElement & { text: string }} */ (document.querySelector('#ask sse-text')).text,
      requests: /** @type {HTMLOutputElement} */ (document.querySelector('#ask-requests')).value,
      aborted: /** @type {HTMLOutputElement} */ (document.querySelector('#ask-aborted')).value,
    });
    const askDone = () => waitFor(p, 'the answer to finish (Done)', () => Boolean(document.querySelector('#ask sse-status')?.hasAttribute('done')), { seen: askSeen });
    await p.fill('#ask-form input[name=question]', '<img src=x onerror=alert(1)> why?');
    await p.press('#ask-form button:not([type])', 'Enter');
    await askDone();
    const asked = await p.evaluate(() => {
      const part = document.querySelector('#ask sse-text')?.shadowRoot?.querySelector('[part=text]');
      return { shown: part?.textContent ?? '', elements: part?.querySelectorAll('*').length ?? -1 };
    });
    check(
      asked.shown === (await askText()) && asked.shown.includes('<img src=x onerror=alert(1)> why?') && asked.elements === 0,
      'the streamed answer shows markup as text',
    );
    const label = await p.evaluate(() => document.querySelector('#ask sse-status')?.shadowRoot?.querySelector('[part=label]')?.textContent);
    check(label === 'Done', `a finished answer shows as ${label}`);
    await p.fill('#ask-form input[name=question]', 'a second question');
    await p.press('#ask-form button:not([type])', 'Enter');
    await waitFor(p, 'the answer to the second question', () => /** @type {HTMLElement & { text: string }} */ (document.querySelector('#ask sse-text')).text.startsWith('You asked: "a second'), {
      seen: askSeen,
    });
    await askDone();
    check((await askText()).startsWith('You asked: "a second question"'), 'a new question starts the answer over');
    await p.fill('#ask-form input[name=question]', 'a question to stop');
    await p.press('#ask-form button:not([type])', 'Enter');
    await waitFor(p, 'the third answer to start', () => /** @type {HTMLElement & { text: string }} */ (document.querySelector('#ask sse-text')).text.startsWith('You asked: "a question to stop'), {
      seen: askSeen,
    });
    await p.press('#ask-stop', 'Enter');
    // The server's own count first (it counts a response the client closed before its end), then what the
    // page shows of it: the page reads the count once, 200 ms after Stop (demo/main.ts).
    const [askKey] = askRequests.keys;
    const aborted = async () => /** @type {{ aborted: number }} */ (await (await fetch(`${url}sse/ask/stats?key=${askKey}`)).json()).aborted;
    const serverSaw = await until(async () => (await aborted()) === 1, { for: 'the server to count the stopped answer', seen: async () => `aborted ${await aborted()} (key ${askKey})` }, 30_000).then(
      () => true,
      (/** @type {Error} */ error) => (check(false, error.message), false),
    );
    if (serverSaw) {
      const shownAborted = await waitFor(p, 'the page to show 1 stopped answer', () => /** @type {HTMLOutputElement} */ (document.querySelector('#ask-aborted')).value === '1', {
        timeout: 5000,
        seen: askSeen,
      }).then(
        () => '1',
        () => p.evaluate(() => /** @type {HTMLOutputElement} */ (document.querySelector('#ask-aborted')).value),
      );
      check(shownAborted === '1', `Stop aborts the request: the server counts it, and the page shows it (${shownAborted} stopped)`);
    }

    // Behind a token: by now (past 15 s) the first token has expired, and the stream lived on with a new one.
    // Each expiry ends the stream, and it is reconnecting for a moment (the server's retry: 250 ms and a new
    // token): a look that lands in that moment is not a failure, so wait for open with a second token.
    const authSeen = () => ({
      state: document.querySelector('#auth sse-status')?.getAttribute('state'),
      detail: document.querySelector('#auth sse-status')?.shadowRoot?.querySelector('[part=detail]')?.textContent ?? '',
      tokens: Number(/** @type {HTMLOutputElement} */ (document.querySelector('#auth-tokens')).value),
      ticks: /** @type {import('../src/index.js').SseFeed} */ (document.querySelector('#auth sse-feed')).items.map((item) => /** @type {{ n: number }} */ (item.value).n),
      log: [...document.querySelectorAll('#auth-log li')].map((li) => li.textContent),
    });
    const lived = await waitFor(
      p,
      'the authenticated stream open on a second token',
      () => document.querySelector('#auth sse-status')?.getAttribute('state') === 'open' && Number(/** @type {HTMLOutputElement} */ (document.querySelector('#auth-tokens')).value) >= 2,
      { seen: authSeen },
    ).then(
      () => '',
      (/** @type {Error} */ error) => `: ${error.message}`,
    );
    const auth = await p.evaluate(authSeen);
    check(
      !lived && auth.ticks.length > 0 && auth.ticks.every((n, i) => i === 0 || n === auth.ticks[i - 1] + 1),
      `the authenticated stream stays live across a token expiry (${auth.tokens} tokens, ticks ${auth.ticks.join(' ')})${lived}`,
    );
    // A revoke just before the token expires races the page's refresh: for its next attempt the page
    // fetches a fresh token (the one in hand is about to expire), and the stream rightly lives on. So it is
    // revoked with time left on the token, as each tick says (expiresIn, in seconds).
    await waitFor(
      p,
      'the stream open on a token with 5 s or more left',
      () =>
        document.querySelector('#auth sse-status')?.getAttribute('state') === 'open' &&
        Number(/** @type {{ expiresIn?: number }} */ (/** @type {import('../src/index.js').SseFeed} */ (document.querySelector('#auth sse-feed')).items.at(-1)?.value)?.expiresIn) >= 5,
      { seen: authSeen },
    );
    await p.press('#auth-revoke', 'Enter');
    await waitFor(p, 'the revoked stream to close', () => document.querySelector('#auth sse-status')?.getAttribute('state') === 'closed', { seen: authSeen });
    const revoked = await p.evaluate(() => document.querySelector('#auth sse-status')?.shadowRoot?.querySelector('[part=detail]')?.textContent ?? '');
    check(/^HTTP 401.*not retried until reconnect\(\)$/.test(revoked), `a revoked token shows the 401 and stops (${revoked})`);
    await p.press('#auth-signin', 'Enter');
    await waitFor(p, 'the stream open again after signing in', () => document.querySelector('#auth sse-status')?.getAttribute('state') === 'open', { seen: authSeen });
    check(true, 'signing in again reconnects');

    const afterUse = await axeViolations(p);
    check(afterUse.length === 0, `axe-core: no violations with every panel in use${afterUse.length ? `: ${afterUse.join('; ')}` : ''}`);

    /** @param {Page} tab */
    const errorsOf = (tab) => tab.evaluate(() => /** @type {Window & { __pageErrors?: string[] }} */ (window).__pageErrors ?? ['the error recorder is missing']);
    const pageErrors = await errorsOf(p);

    if (screenshot && p.screenshot) {
      // The picture shows a whole answer, not the one stopped above.
      await p.fill('#ask-form input[name=question]', 'What are <b>server-sent</b> events?');
      await p.press('#ask-form button:not([type])', 'Enter');
      await askDone();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await p.screenshot(screenshot);
      log.push(`screenshot: ${screenshot}`);
    }

    // persist: a reload mid-answer brings the text so far back, and the rest comes from the answer's resume URL
    // (one POST, one resume GET); the price ticker shows what it showed, before its stream answers anything new.
    const shownPrices = () => p.evaluate(() => /** @type {import('../src/index.js').SseFeed} */ (document.querySelector('#prices sse-feed')).items.map((item) => item.message.data));
    const asks = () => p.evaluate(() => ['#ask-requests', '#ask-resumes'].map((id) => document.querySelector(id)?.textContent ?? ''));
    const requestsBefore = String(Number((await asks())[0]) + 1);
    await p.fill('#ask-form input[name=question]', 'a question to reload');
    await p.press('#ask-form button:not([type])', 'Enter');
    // Reloaded at its first words: the demo's answer takes three seconds more, time for even a busy browser to reload.
    await waitFor(p, 'the first words of the answer', () => /** @type {HTMLElement & { text: string }} */ (document.querySelector('#ask sse-text')).text.length > 0);
    await waitFor(p, 'the server to count the question', (n) => document.querySelector('#ask-requests')?.textContent === n, {
      arg: requestsBefore,
      seen: () => document.querySelector('#ask-requests')?.textContent,
    });
    const pricesBefore = await shownPrices();
    await p.reload();
    await waitFor(
      p,
      'the ticker to show its last price of before the reload',
      (last) => /** @type {import('../src/index.js').SseFeed | null} */ (document.querySelector('#prices sse-feed'))?.items?.some((item) => item.message.data === last) ?? false,
      {
        arg: pricesBefore.at(-1),
        // A failure says what the reloaded ticker had instead, against what it had before.
        seen: (last) => ({
          last,
          shown: /** @type {import('../src/index.js').SseFeed | null} */ (document.querySelector('#prices sse-feed'))?.items?.map((item) => item.message.data) ?? '(no feed)',
        }),
      },
    );
    check(true, `the ticker shows its prices again after a reload (${pricesBefore.length} kept)`);
    await askDone();
    // The reloaded page's counts, once it has heard them from the server.
    await waitFor(p, 'the reloaded page to hear the counts', (n) => document.querySelector('#ask-requests')?.textContent === n, {
      arg: requestsBefore,
      seen: () => [...document.querySelectorAll('#ask-requests, #ask-resumes')].map((counter) => counter.textContent),
    });
    const [requestsAfter, resumes] = await asks();
    const resumed = await askText();
    check(
      resumed.startsWith('You asked: "a question to reload"') && resumed.endsWith('stays text.') && requestsAfter === requestsBefore && resumes === '1',
      `a reload mid-answer: the answer completes, asked once, resumed once (${JSON.stringify({ requestsBefore, requestsAfter, resumes, resumed: resumed.slice(-30) })})`,
    );
    pageErrors.push(...(await errorsOf(p)).map((error) => `after the reload: ${error}`));

    // Shared across tabs: a second tab follows and the server still counts one connection; closing the
    // leading tab hands the connection over, and the ticks go on with none lost or repeated.
    /** @param {Page} tab */
    const shared = (tab) =>
      tab.evaluate(() => ({
        role: /** @type {HTMLElement} */ (document.querySelector('#shared-role')).dataset.role,
        count: document.querySelector('#shared-count')?.textContent,
      }));
    const roleSeen = () => ({
      role: /** @type {HTMLElement} */ (document.querySelector('#shared-role')).dataset.role,
      count: document.querySelector('#shared-count')?.textContent,
      ticks: /** @type {Window & { ticks?: number[] }} */ (window).ticks,
    });
    await waitFor(p, 'this tab to lead the shared stream', () => /** @type {HTMLElement} */ (document.querySelector('#shared-role')).dataset.role === 'leader', { seen: roleSeen });
    const second = await p.newTab();
    await second.evaluate(() => {
      const w = /** @type {Window & { ticks?: number[] }} */ (window);
      w.ticks = [];
      document.querySelector('#shared sse-feed')?.addEventListener('sse-message', (event) => w.ticks?.push(Number(/** @type {CustomEvent} */ (event).detail.lastEventId)));
    });
    await waitFor(second, 'the second tab to follow', () => /** @type {HTMLElement} */ (document.querySelector('#shared-role')).dataset.role === 'follower', { seen: roleSeen });
    await waitFor(second, 'two ticks in the second tab', () => (/** @type {Window & { ticks?: number[] }} */ (window).ticks?.length ?? 0) >= 2, { seen: roleSeen });
    const both = [await shared(p), await shared(second)];
    check(
      both[0].role === 'leader' && both[1].role === 'follower' && both.every((s) => s.count === '1'),
      `two tabs: one leads, one follows, the server counts 1 connection to /sse/shared (${JSON.stringify(both)})`,
    );
    await p.closeTab();
    await waitFor(second, 'the second tab to lead once the first closed', () => /** @type {HTMLElement} */ (document.querySelector('#shared-role')).dataset.role === 'leader', {
      seen: roleSeen,
    });
    const handedAt = await second.evaluate(() => /** @type {Window & { ticks?: number[] }} */ (window).ticks?.length ?? 0);
    // The server's count settles too: a new leader's request can reach it before the closed tab's goes.
    await waitFor(
      second,
      'three more ticks, and the server counting 1 connection',
      (n) => (/** @type {Window & { ticks?: number[] }} */ (window).ticks?.length ?? 0) >= n + 3 && document.querySelector('#shared-count')?.textContent === '1',
      { arg: handedAt, seen: roleSeen },
    );
    const sharedTicks = await second.evaluate(() => /** @type {Window & { ticks?: number[] }} */ (window).ticks ?? []);
    const after = await shared(second);
    check(
      after.role === 'leader' && after.count === '1' && sharedTicks.every((id, i) => i === 0 || id === sharedTicks[i - 1] + 1),
      `the first tab closed: the second leads, still 1 connection, ticks contiguous (${sharedTicks.join(' ')})`,
    );
    // The devtools button loads <sse-devtools> and opens it on this tab's connections.
    await second.click('#devtools-open');
    /** @param {string} path */
    const devtoolsRow = (path) =>
      second.evaluate((p) => {
        const rows = [...(document.querySelector('sse-devtools')?.shadowRoot?.querySelectorAll('tr[data-key]') ?? [])];
        const row = rows.find((r) => /** @type {HTMLElement} */ (r).dataset.key?.endsWith(p));
        const cell = (/** @type {string} */ column) => row?.querySelector(`[data-column="${column}"]`)?.textContent?.trim();
        return row ? { state: cell('state'), role: cell('role'), messages: Number(cell('messages')?.replace(/,/g, '')) } : null;
      }, path);
    await waitFor(second, 'a connection row in the inspector', () => Boolean(document.querySelector('sse-devtools')?.shadowRoot?.querySelector('tr[data-key]')));
    const inspected = { demo: await devtoolsRow('/sse/demo'), shared: await devtoolsRow('/sse/shared') };
    check(
      inspected.demo?.state === 'open' && inspected.demo.messages > 0 && inspected.shared?.role === 'leader',
      `the devtools button opens the inspector on this tab's connections (${JSON.stringify(inspected)})`,
    );
    pageErrors.push(...(await errorsOf(second)).map((error) => `second tab: ${error}`));
    check(pageErrors.length === 0, `no page errors${pageErrors.length ? `: ${pageErrors.join('; ')}` : ''}`);
  } catch (error) {
    check(false, `the check ran to its end (${/** @type {Error} */ (error).message})`);
  } finally {
    await browser?.close().catch(() => {});
    await server.close();
  }
  return failures;
}

const engines = selectedEngines().filter((engine) => !screenshot || engine === 'chromium');
// At once: most of the check is waiting on the demo's own clocks, and each engine has its own server.
const results = await Promise.all(
  engines.map(async (engine) => {
    /** @type {string[]} */
    const log = [];
    const started = Date.now();
    const failures = await checkDemo(engine, log);
    return { engine, log, failures, seconds: (Date.now() - started) / 1000 };
  }),
);
let failed = 0;
for (const { engine, log, failures, seconds } of results) {
  console.log(`${ENGINE_NAMES[engine]} (${seconds.toFixed(1)} s):`);
  for (const line of log) console.log(`  ${line}`);
  failed += failures.length;
}
console.log(failed ? `demo check: ${failed} failed` : `demo check: all passed in ${engines.map((e) => ENGINE_NAMES[e]).join(', ')}`);
process.exit(failed ? 1 : 0);
