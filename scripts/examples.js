// The examples (examples/), tested as their users would meet them: each framework example passes its own
// type checker (tsc, vue-tsc, svelte-check), is built by Vite (all three in this one process), and is
// driven in headless Chromium against the project's SSE server over HTTP, with the no-build page, which
// loads only dist/sse-kit.bundle.js. The server counts the `/sse/demo` streams it holds open, so
// "one connection" and "closed on unmount" are the server's word, not the page's.
//
// The apps are built in development mode: that is where React's StrictMode mounts every component twice
// and where React, Vue, Svelte and Lit print their warnings, which the test counts as failures.
// Needs `npm run build` first (the examples import the built package). Usage:
//   node scripts/examples.js            type check, build, drive; exit 1 on any failure
//   node scripts/examples.js --serve    build and serve them at http://127.0.0.1:5180/ until stopped
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { createSseServer } from '../server/index.js';
import { chromeArgs, findChrome } from './chrome.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const examples = join(root, 'examples');
const serveOnly = process.argv.includes('--serve');
const FRAMEWORKS = ['react', 'vue', 'svelte'];
/** Holders of `/sse/demo` in each framework example: the connection hook, two tickers and three tags. */
const HOLDERS = 6;

if (!existsSync(join(root, 'dist/sse-kit.bundle.js')) || !existsSync(join(root, 'dist/adapters/react.js'))) {
  console.error('dist/ is missing or old: run `npm run build` first');
  process.exit(1);
}

const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

/** The type checkers run as processes of their own, beside the builds. They are the workspace's (TypeScript 6). */
function typeCheck() {
  const require = createRequire(join(examples, 'package.json'));
  const bin = (name, path) => join(dirname(require.resolve(`${name}/package.json`)), path);
  const run = (label, args) =>
    new Promise((done) => {
      const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('close', (code) => done({ label, ok: code === 0, output }));
    });
  return Promise.all([
    // React's is the root's TypeScript 7, as the library's own type check; the others need TypeScript 6's API.
    run('tsc -p examples/react', [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'examples/react']),
    run('vue-tsc -p examples/vue', [bin('vue-tsc', 'bin/vue-tsc.js'), '-p', 'examples/vue']),
    run('svelte-check examples/svelte', [
      bin('svelte-check', 'bin/svelte-check'),
      '--workspace',
      'examples/svelte',
      '--tsconfig',
      './tsconfig.json',
      '--fail-on-warnings',
      '--output',
      'human',
    ]),
  ]);
}

async function buildApps() {
  // Development mode: see the top of this file. Set here, since Vite leaves a NODE_ENV it finds alone.
  process.env.NODE_ENV = 'development';
  for (const name of FRAMEWORKS) {
    const dir = join(examples, name);
    await build({
      root: dir,
      configFile: join(dir, 'vite.config.ts'),
      mode: 'development',
      logLevel: 'warn',
      // A loaded CI machine makes any plugin look slow; that warning says nothing about the examples.
      build: { outDir: 'dist', emptyOutDir: true, rolldownOptions: { checks: { bundlerTimings: false } } },
    });
  }
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.svg': 'image/svg+xml' };

/** One HTTP server for all four: the SSE endpoints, the built apps and the no-build page (which loads ../../dist). */
function serve() {
  const sse = createSseServer();
  const counts = { demo: 0 };
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname === '/sse/demo' && req.method === 'GET') {
      counts.demo += 1;
      res.on('close', () => (counts.demo -= 1));
    }
    if (sse.handle(req, res)) return;
    let file = resolve(root, `.${decodeURIComponent(pathname)}`);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    const inside = ['examples', 'dist'].some((dir) => !relative(join(root, dir), file).startsWith('..'));
    if (!inside || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[/** @type {keyof TYPES} */ (extname(file))] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return { server, counts, close: () => (sse.close(), server.closeAllConnections(), new Promise((done) => server.close(done))) };
}

/**
 * Watches a page for what a person would notice in the console: errors, warnings (framework warnings
 * included), uncaught exceptions.
 * @param {import('playwright-core').Page} page
 */
function watchConsole(page) {
  const problems = [];
  page.on('console', (message) => {
    // Lit's development build says so once; every other warning counts.
    if ((message.type() === 'error' || message.type() === 'warning') && !message.text().startsWith('Lit is in dev mode')) {
      problems.push(`${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return problems;
}

/**
 * @param {() => number} streams the server's count of open /sse/demo streams
 * @param {number} expected
 */
async function waitForStreams(streams, expected) {
  // 10 s for a loaded machine: it returns as soon as the count is reached.
  const until = performance.now() + 10_000;
  while (streams() !== expected && performance.now() < until) await new Promise((done) => setTimeout(done, 50));
  return streams();
}

const ticksNow = (page) => page.$$eval('.tick', (outputs) => outputs.map((output) => output.textContent?.trim() ?? ''));
const itemTexts = (page, selector) =>
  page.$eval(selector, (feed) => [...(feed.shadowRoot?.querySelectorAll('[part~="item"]') ?? [])].map((item) => item.textContent?.replace(/\s+/g, ' ').trim() ?? ''));

/**
 * The three framework examples share one page: `#state` and `#holders` from the connection hook, two
 * `.tick` components on the tick event, `<sse-status>`, `#ticks` (max 3) and `#prices` (JSON, max 2),
 * all on `/sse/demo`, and `#toggle`, which unmounts and mounts them.
 * @param {import('playwright-core').Browser} browser
 */
async function driveApp(browser, name, base, counts) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchConsole(page);
  const at = (what) => `${name}: ${what}`;
  try {
    await page.goto(`${base}/examples/${name}/dist/`);
    await page.waitForFunction(() => [...document.querySelectorAll('.tick')].every((t) => /^\d+$/.test(t.textContent?.trim() ?? '')), null, { timeout: 10_000 });
    const [first] = (await ticksNow(page)).map(Number);
    await page.waitForFunction((n) => Number(document.querySelector('.tick')?.textContent) >= n + 4, first, { timeout: 10_000 });
    // Both tickers read the same store; wait out a render in flight before comparing.
    await page.waitForFunction(() => new Set([...document.querySelectorAll('.tick')].map((t) => t.textContent)).size === 1);
    const ticks = await ticksNow(page);
    check(ticks.length === 2 && Number(ticks[0]) >= first + 4, at(`two components show live ticks from one hook each (${first} → ${ticks.join(', ')})`));

    const state = await page.evaluate(() => ({
      hook: document.querySelector('#state')?.textContent,
      tag: document.querySelector('sse-status')?.getAttribute('state'),
      holders: document.querySelector('#holders')?.textContent,
      refCount: document.querySelector('sse-status')?.connection?.refCount,
    }));
    check(state.hook === 'open' && state.tag === 'open', at(`the connection hook and <sse-status> say open (${state.hook}, ${state.tag})`));
    check(counts.demo === 1, at(`the server holds 1 connection for the hooks and tags on /sse/demo (${counts.demo})`));
    check(
      state.holders === String(HOLDERS) && state.refCount === HOLDERS,
      at(`each hook and tag holds it exactly once: ${HOLDERS} holders (hook says ${state.holders}, store ${state.refCount})`),
    );

    const feed = await page.$eval('#ticks', (el) => ({ items: el.items.length, max: el.max }));
    const shown = await itemTexts(page, '#ticks');
    check(
      feed.items === 3 && shown.length === 3 && shown.every((text) => /^\d+$/.test(text)),
      at(`<sse-feed max> from the template keeps 3 items after 5+ ticks (max is ${JSON.stringify(feed.max)}; ${shown.join(' ')})`),
    );
    await page.waitForFunction(() => document.querySelector('#prices')?.shadowRoot?.querySelector('[part~="item"]'), null, { timeout: 10_000 });
    const prices = await itemTexts(page, '#prices');
    check(prices.length > 0 && prices.every((text) => /^[A-Z]+ \d+\.\d\d$/.test(text)), at(`<sse-feed json> from the template parses JSON (${prices.join(' | ')})`));

    if (name === 'react') {
      const received = Number(await page.textContent('#received'));
      check(received >= 5, at(`onsse-message on <sse-feed> is called for each tick (${received})`));
      // Other events (the clock, prices, heartbeats) arrive about twice as often as ticks in between.
      const sample = () => page.$eval('.tick', (el) => ({ tick: Number(el.textContent), commits: Number(/** @type {HTMLElement} */ (el).dataset.commits) }));
      const before = await sample();
      await page.waitForFunction((n) => Number(document.querySelector('.tick')?.textContent) >= n + 4, before.tick, { timeout: 10_000 });
      const after = await sample();
      check(
        after.commits - before.commits <= after.tick - before.tick,
        at(`useSseEvent re-renders only for its event: ${after.commits - before.commits} commits for ${after.tick - before.tick} ticks`),
      );
      // A burst of 20 over fetch comes in one network chunk, one store write: each message still reaches the hooks.
      await page.waitForFunction(() => document.querySelector('#burst-count')?.textContent === '20', null, { timeout: 10_000 }).catch(() => {});
      const burst = await page.evaluate(() => ({ last: document.querySelector('#burst-last')?.textContent, count: document.querySelector('#burst-count')?.textContent }));
      check(
        burst.count === '20' && burst.last === '16 17 18 19 20',
        at(`useSseEvents and useSseReduce on a typed fetch stream get every message of a burst (newest five ${burst.last}, received ${burst.count})`),
      );
    }

    // Enter, as a keyboard user presses it: a click aims at where the button is, and live ticks can move it.
    await page.press('#toggle', 'Enter');
    await page.waitForSelector('#live', { state: 'detached' });
    check((await waitForStreams(() => counts.demo, 0)) === 0, at(`unmounting closes the server's connection (${counts.demo} open)`));

    await page.press('#toggle', 'Enter');
    const again = await ticksNow(page).then((t) => t.map(Number));
    await page.waitForFunction((n) => [...document.querySelectorAll('.tick')].every((t) => Number(t.textContent) > n), Math.max(0, ...again.filter(Number.isFinite)), {
      timeout: 10_000,
    });
    const holders = await page.$eval('#holders', (el) => el.textContent);
    check(
      counts.demo === 1 && holders === String(HOLDERS),
      at(`mounted again: live ticks, 1 server connection, ${HOLDERS} holders (${counts.demo}, ${holders})`),
    );
    check(problems.length === 0, at(`no console errors, warnings or exceptions${problems.length ? `: ${problems.join(' | ')}` : ''}`));
  } catch (error) {
    check(false, at(`${error instanceof Error ? error.message.split('\n')[0] : error}${problems.length ? ` (console: ${problems.join(' | ')})` : ''}`));
  } finally {
    await context.close();
  }
  await waitForStreams(() => counts.demo, 0);
}

/** The static page: one script tag, no bundler, no import map. */
async function driveNoBuild(browser, base, counts) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchConsole(page);
  const scripts = [];
  page.on('request', (request) => request.resourceType() === 'script' && scripts.push(new URL(request.url()).pathname));
  const at = (what) => `no-build: ${what}`;
  try {
    await page.goto(`${base}/examples/no-build/`);
    await page.waitForFunction(() => document.querySelector('#ticks')?.shadowRoot?.querySelector('[part~="item"]'), null, { timeout: 10_000 });
    check(
      await page.evaluate(() => ['sse-feed', 'sse-status', 'sse-source', 'sse-text'].every((tag) => customElements.get(tag))),
      at('the bundle registers <sse-feed>, <sse-status>, <sse-source> and <sse-text>'),
    );
    const lastTick = () => itemTexts(page, '#ticks').then((items) => Number(items.at(-1)));
    const first = await lastTick();
    await page.waitForFunction(
      (n) => Number(document.querySelector('#ticks')?.shadowRoot?.querySelector('[part~="item"]:last-child')?.textContent) >= n + 4,
      first,
      { timeout: 10_000 },
    );
    const ticks = await itemTexts(page, '#ticks');
    check(ticks.length === 3, at(`live ticks, 3 kept by max="3" (${ticks.join(' ')})`));
    check((await page.getAttribute('#status', 'state')) === 'open', at('<sse-status> says open'));
    await page.waitForFunction(() => document.querySelector('#prices')?.shadowRoot?.querySelector('[part~="item"]'), null, { timeout: 10_000 });
    const prices = await itemTexts(page, '#prices');
    check(prices.every((text) => /^[A-Z]+ \d+\.\d\d$/.test(text)), at(`json with a <template> (${prices.join(' | ')})`));
    await page.waitForFunction(() => document.querySelector('#fetched')?.items.length, null, { timeout: 10_000 });
    check(
      (await page.$eval('#fetched', (el) => el.connection?.state)) === 'open',
      at('transport="fetch" streams: the lazily loaded fetch transport is inside the one file'),
    );
    check(
      scripts.length === 1 && scripts[0] === '/dist/sse-kit.bundle.js',
      at(`the page loaded one script file and nothing else (${scripts.join(', ')})`),
    );
    check(counts.demo === 2, at(`the server holds 2 connections: one EventSource for three tags, one fetch (${counts.demo})`));
    check((await page.textContent('#holders')) === '3', at('the bundle exports the store the tags use: 3 holders on the EventSource connection'));
    await page.evaluate(() => document.querySelectorAll('sse-feed, sse-status').forEach((el) => el.remove()));
    check((await waitForStreams(() => counts.demo, 0)) === 0, at(`removing the tags closes both connections (${counts.demo} open)`));
    check(problems.length === 0, at(`no console errors, warnings or exceptions${problems.length ? `: ${problems.join(' | ')}` : ''}`));
  } catch (error) {
    check(false, at(`${error instanceof Error ? error.message.split('\n')[0] : error}${problems.length ? ` (console: ${problems.join(' | ')})` : ''}`));
  } finally {
    await context.close();
  }
}

const started = Date.now();
const seconds = (since = started) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const checking = serveOnly ? Promise.resolve([]) : typeCheck().then((results) => (console.log(`type checks done in ${seconds()}`), results));
await buildApps();
console.log(`built in ${seconds()}`);
const { server, counts, close } = serve();
await new Promise((done) => server.listen(serveOnly ? 5180 : 0, '127.0.0.1', () => done(undefined)));
const address = server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

if (serveOnly) {
  for (const name of FRAMEWORKS) console.log(`${name}: ${base}/examples/${name}/dist/`);
  console.log(`no-build: ${base}/examples/no-build/`);
} else {
  const browser = await chromium.launch({ executablePath: findChrome(), args: chromeArgs });
  try {
    for (const name of FRAMEWORKS) {
      const since = Date.now();
      await driveApp(browser, name, base, counts);
      console.log(`${name} driven in ${seconds(since)}`);
    }
    await driveNoBuild(browser, base, counts);
  } finally {
    await browser.close();
    await close();
  }
  for (const result of await checking) {
    check(result.ok, `${result.label} passes`);
    if (!result.ok) console.log(result.output.trim());
  }
  console.log(`examples: ${failures.length ? `${failures.length} failed` : 'all passed'} in ${seconds()}`);
  process.exit(failures.length ? 1 : 0);
}
