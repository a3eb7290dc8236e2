// Drives the demo as a person would, in Chromium, Firefox and WebKit at once: each engine gets its own
// `npm start` server in-process (so the server's connection count is that page's alone), opens the page,
// checks each panel, sends a chat message full of markup, opens a second tab for the shared panel (and
// closes the first), runs axe-core on the page (on arrival and with every panel in use), and reports page
// errors.
// Usage: node scripts/demo-check.js [--screenshot docs/demo.png]   (the screenshot is Chromium's)
// SSE_KIT_ENGINES=chromium,firefox picks engines, as for the tests.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'vite';
import { ENGINE_NAMES, selectedEngines } from './engines.js';
import { launch } from './pages.js';

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
 * Polls `fn` in the page until it returns true.
 * @template A
 * @param {Page} page
 * @param {(arg: A) => boolean} fn
 * @param {A} [arg]
 * @param {number} [timeout]
 */
async function waitFor(page, fn, arg, timeout = 30_000) {
  const end = Date.now() + timeout;
  while (!(await page.evaluate(fn, arg))) {
    if (Date.now() > end) throw new Error(`timed out after ${timeout / 1000} s waiting for ${fn.toString().slice(0, 160)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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
  const server = await createServer({
    configFile: 'vite.config.ts',
    server: { port: 0 },
    logLevel: 'warn',
    plugins: [{ name: 'sse-kit:page-errors', transformIndexHtml: () => [{ tag: 'script', children: errorRecorder.replace(/<\/?script>/g, ''), injectTo: 'head-prepend' }] }],
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

    await waitFor(p, () => document.querySelector('#server-count')?.textContent === '1', undefined, 10_000);
    await waitFor(p, () => [...document.querySelectorAll('#panel sse-feed')].every((f) => f.shadowRoot?.querySelector('[part~="item"]')), undefined, 10_000);
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

    await waitFor(p, () => Boolean(document.querySelector('#heartbeat sse-feed')?.shadowRoot?.textContent?.includes('OK')));
    check((await itemText('#heartbeat sse-feed'))[0] === 'OK', 'heartbeat shows OK');
    check((await p.evaluate(() => document.querySelector('#heartbeat sse-status')?.getAttribute('state'))) === 'open', 'heartbeat status is open');
    await waitFor(p, () => Boolean(document.querySelector('#clock sse-feed')?.shadowRoot?.querySelector('[part~="item"]')));
    check(/^\d\d:\d\d:\d\d$/.test((await itemText('#clock sse-feed'))[0]), 'the clock ticks');
    await waitFor(p, () => Boolean(document.querySelector('#prices sse-feed')?.shadowRoot?.querySelector('[part~="item"]')));
    check(/^[A-Z]+\s+[\d.]+\s+[+-][\d.]+%$/.test((await itemText('#prices sse-feed'))[0].trim().replace(/\s+/g, ' ')), 'prices render through the template');

    const markup = '<img src=x onerror=alert(1)> <b>hello</b>';
    await p.type('#chat-form input[name=name]', 'demo');
    await p.type('#chat-form input[name=text]', markup);
    await p.click('#chat-form button');
    await waitFor(p, () => Boolean(document.querySelector('#chat sse-feed')?.shadowRoot?.querySelector('[part~="item"]')));
    const chat = await p.evaluate(() => {
      const item = document.querySelector('#chat sse-feed')?.shadowRoot?.querySelector('[part~="item"]');
      return { text: item?.textContent ?? '', elements: item?.querySelectorAll('img, b').length ?? -1 };
    });
    check(chat.text.includes(markup) && chat.elements === 0, 'chat markup is shown as text, never parsed');

    // The flaky stream drops after 6 events (3 s) and fails every third request.
    await waitFor(p, () => document.querySelectorAll('#flaky-log li').length >= 4, undefined, 20_000);
    const flaky = await p.evaluate(() => [...document.querySelectorAll('#flaky-log li')].map((li) => li.textContent ?? ''));
    check(flaky.some((l) => l.endsWith('reconnecting')), `flaky panel shows reconnecting (${flaky.length} state changes)`);

    // The chaos panel: start it, answer 503 twice, and the stream comes back with no id skipped or repeated.
    // The start button hides itself: focus moves on to the first fault button, not to <body>.
    await p.click('#chaos-start');
    const focused = await p.evaluate(() => ({
      start: /** @type {HTMLElement} */ (document.querySelector('#chaos-start')).hidden,
      status: document.querySelector('#chaos sse-status')?.hasAttribute('hidden'),
      active: document.activeElement?.getAttribute('data-do') ?? document.activeElement?.tagName,
    }));
    check(focused.start && !focused.status && focused.active === 'drop', `starting the chaos stream hides its button, shows the status and focuses the first fault (${JSON.stringify(focused)})`);
    const chaosIds = () =>
      p.evaluate(() => /** @type {import('../src/index.js').SseFeed} */ (document.querySelector('#chaos-feed')).items.map((item) => Number(item.message.lastEventId)));
    await waitFor(p, () => /** @type {import('../src/index.js').SseFeed} */ (document.querySelector('#chaos-feed')).items.length >= 2, undefined, 10_000);
    await p.click('#chaos [data-do^="fail&status=503"]');
    await waitFor(p, () => [...document.querySelectorAll('#chaos-log li')].some((li) => li.textContent?.includes('refused')), undefined, 10_000);
    const before = Math.max(...(await chaosIds()));
    await waitFor(
      p,
      (last) => /** @type {import('../src/index.js').SseFeed} */ (document.querySelector('#chaos-feed')).items.some((item) => Number(item.message.lastEventId) > last + 1),
      before,
      15_000,
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
    const askDone = () => waitFor(p, () => Boolean(document.querySelector('#ask sse-status')?.hasAttribute('done')), undefined, 15_000);
    await p.fill('#ask-form input[name=question]', '<img src=x onerror=alert(1)> why?');
    await p.click('#ask-form button:not([type])');
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
    await p.click('#ask-form button:not([type])');
    await waitFor(p, () => /** @type {HTMLElement & { text: string }} */ (document.querySelector('#ask sse-text')).text.startsWith('You asked: "a second'), undefined, 5000);
    await askDone();
    check((await askText()).startsWith('You asked: "a second question"'), 'a new question starts the answer over');
    await p.fill('#ask-form input[name=question]', 'a question to stop');
    await p.click('#ask-form button:not([type])');
    await waitFor(p, () => /** @type {HTMLElement & { text: string }} */ (document.querySelector('#ask sse-text')).text.length > 20, undefined, 5000);
    await p.click('#ask-stop');
    await waitFor(p, () => /** @type {HTMLOutputElement} */ (document.querySelector('#ask-aborted')).value === '1', undefined, 5000);
    check(true, 'Stop aborts the request: the server counts it');

    // Behind a token: by now (past 15 s) the first token has expired, and the stream lived on with a new one.
    const authTicks = () =>
      p.evaluate(() => /** @type {import('../src/index.js').SseFeed} */ (document.querySelector('#auth sse-feed')).items.map((item) => /** @type {{ n: number }} */ (item.value).n));
    const auth = await p.evaluate(() => ({
      state: document.querySelector('#auth sse-status')?.getAttribute('state'),
      tokens: Number(/** @type {HTMLOutputElement} */ (document.querySelector('#auth-tokens')).value),
    }));
    const ticks = await authTicks();
    check(
      auth.state === 'open' && auth.tokens >= 2 && ticks.length > 0 && ticks.every((n, i) => i === 0 || n === ticks[i - 1] + 1),
      `the authenticated stream stays live across a token expiry (${auth.tokens} tokens, ticks ${ticks.join(' ')})`,
    );
    await p.click('#auth-revoke');
    await waitFor(p, () => document.querySelector('#auth sse-status')?.getAttribute('state') === 'closed', undefined, 10_000);
    const revoked = await p.evaluate(() => document.querySelector('#auth sse-status')?.shadowRoot?.querySelector('[part=detail]')?.textContent ?? '');
    check(/^HTTP 401.*not retried until reconnect\(\)$/.test(revoked), `a revoked token shows the 401 and stops (${revoked})`);
    await p.click('#auth-signin');
    await waitFor(p, () => document.querySelector('#auth sse-status')?.getAttribute('state') === 'open', undefined, 10_000);
    check(true, 'signing in again reconnects');

    const afterUse = await axeViolations(p);
    check(afterUse.length === 0, `axe-core: no violations with every panel in use${afterUse.length ? `: ${afterUse.join('; ')}` : ''}`);

    /** @param {Page} tab */
    const errorsOf = (tab) => tab.evaluate(() => /** @type {Window & { __pageErrors?: string[] }} */ (window).__pageErrors ?? ['the error recorder is missing']);
    const pageErrors = await errorsOf(p);

    if (screenshot && p.screenshot) {
      // The picture shows a whole answer, not the one stopped above.
      await p.fill('#ask-form input[name=question]', 'What are <b>server-sent</b> events?');
      await p.click('#ask-form button:not([type])');
      await askDone();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await p.screenshot(screenshot);
      log.push(`screenshot: ${screenshot}`);
    }

    // persist: a reload mid-answer brings the text so far back, and the rest comes from the answer's resume URL
    // (one POST, one resume GET); the price ticker shows what it showed, before its stream answers anything new.
    const prices = () => p.evaluate(() => /** @type {import('../src/index.js').SseFeed} */ (document.querySelector('#prices sse-feed')).items.map((item) => item.message.data));
    const asks = () => p.evaluate(() => ['#ask-requests', '#ask-resumes'].map((id) => document.querySelector(id)?.textContent ?? ''));
    const requestsBefore = String(Number((await asks())[0]) + 1);
    await p.fill('#ask-form input[name=question]', 'a question to reload');
    await p.click('#ask-form button:not([type])');
    // Reloaded at its first words: the demo's answer takes three seconds more, time for even a busy browser to reload.
    await waitFor(p, () => /** @type {HTMLElement & { text: string }} */ (document.querySelector('#ask sse-text')).text.length > 0, undefined, 5000);
    await waitFor(p, (n) => document.querySelector('#ask-requests')?.textContent === n, requestsBefore, 5000);
    const pricesBefore = await prices();
    await p.reload();
    await waitFor(p, (last) => /** @type {import('../src/index.js').SseFeed | null} */ (document.querySelector('#prices sse-feed'))?.items?.some((item) => item.message.data === last) ?? false, pricesBefore.at(-1), 3000);
    check(true, `the ticker shows its prices again after a reload (${pricesBefore.length} kept)`);
    await askDone();
    // The reloaded page's counts, once it has heard them from the server.
    await waitFor(p, (n) => document.querySelector('#ask-requests')?.textContent === n, requestsBefore, 5000).catch(() => {});
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
    await waitFor(p, () => /** @type {HTMLElement} */ (document.querySelector('#shared-role')).dataset.role === 'leader', undefined, 10_000);
    const second = await p.newTab();
    await second.evaluate(() => {
      const w = /** @type {Window & { ticks?: number[] }} */ (window);
      w.ticks = [];
      document.querySelector('#shared sse-feed')?.addEventListener('sse-message', (event) => w.ticks?.push(Number(/** @type {CustomEvent} */ (event).detail.lastEventId)));
    });
    await waitFor(second, () => /** @type {HTMLElement} */ (document.querySelector('#shared-role')).dataset.role === 'follower', undefined, 10_000);
    await waitFor(second, () => (/** @type {Window & { ticks?: number[] }} */ (window).ticks?.length ?? 0) >= 2, undefined, 10_000);
    const both = [await shared(p), await shared(second)];
    check(
      both[0].role === 'leader' && both[1].role === 'follower' && both.every((s) => s.count === '1'),
      `two tabs: one leads, one follows, the server counts 1 connection to /sse/shared (${JSON.stringify(both)})`,
    );
    await p.closeTab();
    await waitFor(second, () => /** @type {HTMLElement} */ (document.querySelector('#shared-role')).dataset.role === 'leader', undefined, 5_000);
    const handedAt = await second.evaluate(() => /** @type {Window & { ticks?: number[] }} */ (window).ticks?.length ?? 0);
    await waitFor(second, (n) => (/** @type {Window & { ticks?: number[] }} */ (window).ticks?.length ?? 0) >= n + 3, handedAt, 10_000);
    const sharedTicks = await second.evaluate(() => /** @type {Window & { ticks?: number[] }} */ (window).ticks ?? []);
    const after = await shared(second);
    check(
      after.role === 'leader' && after.count === '1' && sharedTicks.every((id, i) => i === 0 || id === sharedTicks[i - 1] + 1),
      `the first tab closed: the second leads, still 1 connection, ticks contiguous (${sharedTicks.join(' ')})`,
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
