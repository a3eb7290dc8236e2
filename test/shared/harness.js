// The cross-tab tests' harness: the project's SSE endpoints and the source (through Vite) on one HTTP/1.1
// origin, and a browser driven by playwright-core. Pages of one browser context are tabs of one profile:
// they share BroadcastChannel, Web Locks and the six connections per origin; two contexts share nothing.
// `SSE_BROWSER=firefox|webkit` picks another engine (playwright's own build must be installed for it);
// what only Chromium can do (crashing a tab through CDP) is marked by `harness.canCrash`.
import { fileURLToPath } from 'node:url';
import { chromium, firefox, webkit } from 'playwright-core';
import { createServer } from 'vite';
import { chromeArgs, findChrome } from '../../scripts/chrome.js';
import { sseServerPlugin } from '../../server/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * @typedef {object} Harness
 * @property {string} origin
 * @property {import('playwright-core').Browser} browser
 * @property {boolean} canCrash
 * @property {(key: string) => Promise<import('../helpers.js').ServerStats>} stats what the chaos server saw for `key`
 * @property {(key: string, command: string) => Promise<unknown>} command a chaos command (`drop`, `burst`, `fail&status=500`, …)
 * @property {(context: import('playwright-core').BrowserContext, count: number, query?: string) => Promise<import('playwright-core').Page[]>} tabs
 * @property {() => Promise<void>} close
 */

/** @returns {Promise<Harness>} */
export async function startHarness() {
  const server = await createServer({
    configFile: false,
    root,
    logLevel: 'warn',
    cacheDir: 'node_modules/.vite-shared-test',
    plugins: [sseServerPlugin()],
    server: { host: '127.0.0.1', port: 0, hmr: false },
    // Pre-bundled up front: a dependency found later would make Vite reload every open page.
    optimizeDeps: { noDiscovery: true, include: ['lit', 'lit/directives/repeat.js', 'zustand/vanilla', 'eventsource-parser'] },
  });
  await server.listen();
  const address = server.httpServer?.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const engine = process.env.SSE_BROWSER ?? 'chromium';
  const type = { chromium, firefox, webkit }[engine];
  if (!type) throw new Error(`SSE_BROWSER=${engine}: chromium, firefox or webkit`);
  const browser = await type.launch(engine === 'chromium' ? { executablePath: findChrome(), args: chromeArgs } : {});

  return {
    origin,
    browser,
    canCrash: engine === 'chromium',
    stats: async (key) => (await fetch(`${origin}/sse/chaos/stats?key=${encodeURIComponent(key)}`)).json(),
    command: async (key, command) => (await fetch(`${origin}/sse/chaos/command?key=${encodeURIComponent(key)}&do=${command}`, { method: 'POST' })).json(),
    async tabs(context, count, query = '') {
      const pages = await Promise.all(Array.from({ length: count }, () => context.newPage()));
      for (const page of pages) {
        page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
        await page.goto(`${origin}/test/shared/page.html${query}`);
      }
      await Promise.all(pages.map((page) => page.waitForFunction(() => window.sseReady === true)));
      return pages;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Polls `condition` until it is truthy and returns that value; fails with `message` after `timeout` ms.
 * @template T
 * @param {() => T | Promise<T>} condition
 * @param {string} message
 * @returns {Promise<Exclude<T, false | undefined | null | 0 | ''>>}
 */
export async function until(condition, message, timeout = 10_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return /** @type {Exclude<T, false | undefined | null | 0 | ''>} */ (value);
    if (Date.now() > end) throw new Error(`Timed out: ${message}`);
    await sleep(20);
  }
}

export const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

let counter = 0;
export const uniqueKey = (/** @type {string} */ prefix) => `${prefix}-${Date.now().toString(36)}-${++counter}`;

/**
 * A chaos stream URL (server/chaos.js); finished streams send a comment every 100 ms, as in the wtr tests.
 * @param {Record<string, string | number>} params
 */
export const streamUrl = (params) =>
  `/sse/chaos/stream?${new URLSearchParams(Object.entries({ idle: 100, ...params }).map(([k, v]) => [k, String(v)]))}`;
