// Drives the demo as a person would: starts `npm start`'s server in-process, opens the page in
// headless Chromium, checks each panel, sends a chat message full of markup, opens a second tab for the
// shared panel (and closes the first), and saves a screenshot.
// Usage: node scripts/demo-check.js [--screenshot docs/demo.png]
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { chromeArgs, findChrome } from './chrome.js';

const shotIndex = process.argv.indexOf('--screenshot');
const screenshot = shotIndex > 0 ? process.argv[shotIndex + 1] : null;

const server = await createServer({ configFile: 'vite.config.ts', server: { port: 0 }, logLevel: 'warn' });
await server.listen();
const address = server.httpServer?.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 5173}/`;
const browser = await chromium.launch({ executablePath: findChrome(), args: chromeArgs });
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

try {
  // A context is a browser profile: its pages are tabs that can share a connection.
  const context = await browser.newContext({ viewport: { width: 1280, height: 1180 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    pageErrors.push(`a dialog opened: ${dialog.message()}`);
    dialog.dismiss();
  });
  await page.goto(url);
  const loadedAt = Date.now();
  await page.evaluate(() => {
    window.headerStates = [];
    document.querySelector('header sse-status').addEventListener('sse-state-change', (e) => window.headerStates.push(e.detail.state));
  });

  const itemText = (selector) =>
    page.evaluate(
      (s) => [...document.querySelectorAll(s)].map((el) => el.shadowRoot?.querySelector('[part~="item"]:last-child')?.textContent ?? ''),
      selector,
    );
  await page.waitForFunction(() => document.querySelector('#server-count')?.textContent === '1', null, { timeout: 10_000 });
  await page.waitForFunction(
    () => [...document.querySelectorAll('#panel sse-feed')].every((f) => f.shadowRoot?.querySelector('[part~="item"]')),
    null,
    { timeout: 10_000 },
  );
  const tiles = await itemText('#panel sse-feed');
  check(tiles.length === 12 && tiles.every((t) => /^\d+$/.test(t)), `12 panel widgets show ticks (${tiles.join(' ')})`);
  check((await page.textContent('#server-count')) === '1', 'the server counts 1 connection to /sse/demo');
  check(Number(await page.textContent('#ref-count')) >= 12, `the store holds it for ${await page.textContent('#ref-count')} widgets`);

  await page.waitForFunction(() => document.querySelector('#heartbeat sse-feed')?.shadowRoot?.textContent?.includes('OK'));
  check((await itemText('#heartbeat sse-feed'))[0] === 'OK', 'heartbeat shows OK');
  check((await page.getAttribute('#heartbeat sse-status', 'state')) === 'open', 'heartbeat status is open');
  await page.waitForFunction(() => document.querySelector('#clock sse-feed')?.shadowRoot?.querySelector('[part~="item"]'));
  check(/^\d\d:\d\d:\d\d$/.test((await itemText('#clock sse-feed'))[0]), 'the clock ticks');
  await page.waitForFunction(() => document.querySelector('#prices sse-feed')?.shadowRoot?.querySelector('[part~="item"]'));
  check(/^[A-Z]+\s+[\d.]+\s+[+-][\d.]+%$/.test((await itemText('#prices sse-feed'))[0].trim().replace(/\s+/g, ' ')), 'prices render through the template');

  const markup = '<img src=x onerror=alert(1)> <b>hello</b>';
  await page.fill('#chat-form input[name=name]', 'demo');
  await page.fill('#chat-form input[name=text]', markup);
  await page.click('#chat-form button');
  await page.waitForFunction(() => document.querySelector('#chat sse-feed')?.shadowRoot?.querySelector('[part~="item"]'));
  const chat = await page.evaluate(() => {
    const item = document.querySelector('#chat sse-feed').shadowRoot.querySelector('[part~="item"]');
    return { text: item.textContent, elements: item.querySelectorAll('img, b').length };
  });
  check(chat.text.includes(markup) && chat.elements === 0, 'chat markup is shown as text, never parsed');

  // The flaky stream drops after 6 events (3 s) and fails every third request.
  await page.waitForFunction(() => document.querySelectorAll('#flaky-log li').length >= 4, null, { timeout: 20_000 });
  const log = await page.$$eval('#flaky-log li', (items) => items.map((li) => li.textContent));
  check(log.some((l) => l.endsWith('reconnecting')), `flaky panel shows reconnecting (${log.length} state changes)`);

  // The chaos panel: start it, answer 503 twice, and the stream comes back with no id skipped or repeated.
  await page.click('#chaos-start');
  const chaosIds = () =>
    page.evaluate(() => document.querySelector('#chaos-feed').items.map((item) => Number(item.message.lastEventId)));
  await page.waitForFunction(() => document.querySelector('#chaos-feed').items.length >= 2, null, { timeout: 10_000 });
  await page.click('#chaos [data-do^="fail&status=503"]');
  await page.waitForFunction(() => [...document.querySelectorAll('#chaos-log li')].some((li) => li.textContent.includes('refused')), null, { timeout: 10_000 });
  const before = Math.max(...(await chaosIds()));
  await page.waitForFunction((last) => document.querySelector('#chaos-feed').items.some((item) => Number(item.message.lastEventId) > last + 1), before, { timeout: 15_000 });
  const ids = await chaosIds();
  check(ids.every((id, i) => i === 0 || id === ids[i - 1] + 1), `chaos panel recovers from 503s with contiguous ids (${ids.join(' ')})`);
  // Past the default 15 s connect timeout, the demo stream has never been reopened: an open stream is not
  // mistaken for one that never answered.
  await page.waitForTimeout(Math.max(0, loadedAt + 17_000 - Date.now()));
  const header = await page.evaluate(() => ({
    state: document.querySelector('header sse-status').connection.state,
    changes: window.headerStates,
  }));
  check(
    header.state === 'open' && !header.changes.includes('reconnecting'),
    `after 17 s the shared demo stream is still open and was never reopened (${JSON.stringify(header)})`,
  );
  // Ask: a question with markup streams back as text and ends as Done; a new question starts over; Stop aborts.
  const askText = () => page.evaluate(() => document.querySelector('#ask sse-text').text);
  const askDone = () =>
    page.waitForFunction(() => document.querySelector('#ask sse-status').hasAttribute('done'), null, { timeout: 15_000 });
  await page.fill('#ask-form input[name=question]', '<img src=x onerror=alert(1)> why?');
  await page.click('#ask-form button:not([type])');
  await askDone();
  const asked = await page.evaluate(() => {
    const part = document.querySelector('#ask sse-text').shadowRoot.querySelector('[part=text]');
    return { shown: part.textContent, elements: part.querySelectorAll('*').length };
  });
  check(
    asked.shown === (await askText()) && asked.shown.includes('<img src=x onerror=alert(1)> why?') && asked.elements === 0,
    'the streamed answer shows markup as text',
  );
  const label = await page.evaluate(() => document.querySelector('#ask sse-status').shadowRoot.querySelector('[part=label]').textContent);
  check(label === 'Done', `a finished answer shows as ${label}`);
  await page.fill('#ask-form input[name=question]', 'a second question');
  await page.click('#ask-form button:not([type])');
  await page.waitForFunction(() => document.querySelector('#ask sse-text').text.startsWith('You asked: "a second'), null, { timeout: 5000 });
  await askDone();
  check((await askText()).startsWith('You asked: "a second question"'), 'a new question starts the answer over');
  await page.fill('#ask-form input[name=question]', 'a question to stop');
  await page.click('#ask-form button:not([type])');
  await page.waitForFunction(() => document.querySelector('#ask sse-text').text.length > 20, null, { timeout: 5000 });
  await page.click('#ask-stop');
  await page.waitForFunction(() => document.querySelector('#ask-aborted').value === '1', null, { timeout: 5000 });
  check(true, 'Stop aborts the request: the server counts it');

  // Behind a token: by now (past 15 s) the first token has expired, and the stream lived on with a new one.
  const authTicks = () => page.evaluate(() => document.querySelector('#auth sse-feed').items.map((item) => item.value.n));
  const auth = await page.evaluate(() => ({
    state: document.querySelector('#auth sse-status').getAttribute('state'),
    tokens: Number(document.querySelector('#auth-tokens').value),
  }));
  const ticks = await authTicks();
  check(
    auth.state === 'open' && auth.tokens >= 2 && ticks.length > 0 && ticks.every((n, i) => i === 0 || n === ticks[i - 1] + 1),
    `the authenticated stream stays live across a token expiry (${auth.tokens} tokens, ticks ${ticks.join(' ')})`,
  );
  await page.click('#auth-revoke');
  await page.waitForFunction(() => document.querySelector('#auth sse-status').getAttribute('state') === 'closed', null, { timeout: 10_000 });
  const revoked = await page.evaluate(() => document.querySelector('#auth sse-status').shadowRoot.querySelector('[part=detail]')?.textContent ?? '');
  check(/^HTTP 401.*not retried until reconnect\(\)$/.test(revoked), `a revoked token shows the 401 and stops (${revoked})`);
  await page.click('#auth-signin');
  await page.waitForFunction(() => document.querySelector('#auth sse-status').getAttribute('state') === 'open', null, { timeout: 10_000 });
  check(true, 'signing in again reconnects');

  if (screenshot) {
    await page.waitForTimeout(1500);
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`screenshot: ${screenshot}`);
  }

  // Shared across tabs: a second tab follows and the server still counts one connection; closing the
  // leading tab hands the connection over, and the ticks go on with none lost or repeated.
  const shared = (p) =>
    p.evaluate(() => ({ role: document.querySelector('#shared-role')?.dataset.role, count: document.querySelector('#shared-count')?.textContent }));
  await page.waitForFunction(() => document.querySelector('#shared-role')?.dataset.role === 'leader', null, { timeout: 10_000 });
  const second = await context.newPage();
  second.on('pageerror', (error) => pageErrors.push(`second tab: ${error.message}`));
  await second.goto(url);
  await second.evaluate(() => {
    window.ticks = [];
    document.querySelector('#shared sse-feed').addEventListener('sse-message', (event) => window.ticks.push(Number(event.detail.lastEventId)));
  });
  await second.waitForFunction(() => document.querySelector('#shared-role')?.dataset.role === 'follower', null, { timeout: 10_000 });
  await second.waitForFunction(() => window.ticks.length >= 2, null, { timeout: 10_000 });
  const both = [await shared(page), await shared(second)];
  check(
    both[0].role === 'leader' && both[1].role === 'follower' && both.every((s) => s.count === '1'),
    `two tabs: one leads, one follows, the server counts 1 connection to /sse/shared (${JSON.stringify(both)})`,
  );
  await page.close();
  await second.waitForFunction(() => document.querySelector('#shared-role')?.dataset.role === 'leader', null, { timeout: 5_000 });
  const handedAt = await second.evaluate(() => window.ticks.length);
  await second.waitForFunction((n) => window.ticks.length >= n + 3, handedAt, { timeout: 10_000 });
  const sharedTicks = await second.evaluate(() => window.ticks);
  const after = await shared(second);
  check(
    after.role === 'leader' && after.count === '1' && sharedTicks.every((id, i) => i === 0 || id === sharedTicks[i - 1] + 1),
    `the first tab closed: the second leads, still 1 connection, ticks contiguous (${sharedTicks.join(' ')})`,
  );
  check(pageErrors.length === 0, `no page errors${pageErrors.length ? `: ${pageErrors.join('; ')}` : ''}`);
} finally {
  await browser.close();
  await server.close();
}
console.log(failures.length ? `demo check: ${failures.length} failed` : 'demo check: all passed');
process.exit(failures.length ? 1 : 0);
