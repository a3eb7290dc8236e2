// `npm run screenshot:devtools`: the picture in docs/devtools.md. Serves the demo (`npm start`'s server, on
// a free port), opens it in Chromium with ?devtools, lets the flaky stream and the chaos panel's go through
// a few reconnects (503s, a drop, then 503s until it waits for a second retry), lists the demo stream's
// messages and saves docs/devtools.png (or the path after --out). --theme dark for the dark theme.
import { createServer } from 'vite';
import { launch } from './pages.js';
import { sleep, until } from './until.js';

const argument = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const out = argument('--out', 'docs/devtools.png');
const theme = argument('--theme', 'light');

const server = await createServer({ configFile: 'vite.config.ts', server: { port: 0 }, logLevel: 'warn' });
await server.listen();
const address = server.httpServer?.address();
const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 5173}`;
const browser = await launch('chromium', { viewport: { width: 1440, height: 900 } });
try {
  const page = await (await browser.newProfile()).open(`${origin}/?devtools`);
  await until(() => page.evaluate(() => Boolean(document.querySelector('sse-devtools')?.shadowRoot?.querySelector('[part=panel]'))), 'the panel opens');
  await page.evaluate((chosen) => document.querySelector('sse-devtools')?.setAttribute('theme', chosen), theme);
  // A chaos stream of its own, failed twice with 503 (backoff, then open), beside the flaky one's drops and 500s.
  // Clicked from the page: the docked panel covers the buttons.
  const click = (/** @type {string} */ selector) => page.evaluate((s) => /** @type {HTMLElement} */ (document.querySelector(s)).click(), selector);
  await click('#chaos-start');
  await sleep(1500);
  await click('#chaos [data-do^="fail&status=503"]');
  await sleep(4000);
  await click('#chaos [data-do="drop"]');
  await sleep(4000);
  await page.evaluate(() => {
    const devtools = /** @type {import('../src/devtools/index.js').SseDevtools} */ (document.querySelector('sse-devtools'));
    devtools.selected = devtools.connections.find((connection) => connection.key.endsWith('/sse/demo'))?.key ?? null;
  });
  // The page's content scrolls in a box as tall as the window, so the (full-page) screenshot is what a
  // person sees: the docked panel over the bottom of the demo.
  await page.evaluate(() => {
    const main = /** @type {HTMLElement} */ (document.querySelector('main'));
    Object.assign(main.style, { boxSizing: 'border-box', height: `${innerHeight - main.offsetTop}px`, overflow: 'hidden' });
  });
  // Caught in the act: the chaos stream's server answers 503 from now on, so it waits out a growing backoff.
  await page.evaluate(() => {
    const source = /** @type {import('../src/index.js').SseSource} */ (document.querySelector('#chaos sse-source'));
    const key = new URL(source.src ?? '', location.href).searchParams.get('key') ?? '';
    return fetch(`/sse/chaos/command?key=${key}&do=fail&status=503&times=1000`, { method: 'POST' });
  });
  await until(
    () =>
      page.evaluate(() => {
        const row = document.querySelector('sse-devtools')?.shadowRoot?.querySelector('tr[data-key*="/sse/chaos/"]');
        return row?.getAttribute('data-phase') === 'waiting' && Number(row.querySelector('[data-column=attempt]')?.textContent) >= 2;
      }),
    'the chaos stream waits for its second retry',
    20_000,
  );
  if (!page.screenshot) throw new Error('this engine takes no screenshots');
  await page.screenshot(out);
  console.log(`screenshot: ${out}`);
} finally {
  await browser.close();
  await server.close();
}
