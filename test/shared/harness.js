// The cross-tab tests' harness: the project's SSE endpoints and the source (through Vite) on one HTTP/1.1
// origin, and one engine's browser, driven through scripts/pages.js (as the demo check drives it). The tabs
// of one profile share BroadcastChannel, Web Locks and the six connections per origin; two profiles share
// nothing.
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { launch } from '../../scripts/pages.js';
import { sleep, until } from '../../scripts/until.js';
import { sseServerPlugin } from '../../server/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * @typedef {object} Harness
 * @property {string} origin
 * @property {import('../../scripts/pages.js').Browser} browser
 * @property {(key: string) => Promise<import('../helpers.js').ServerStats>} stats what the chaos server saw for `key`
 * @property {(key: string, command: string) => Promise<unknown>} command a chaos command (`drop`, `burst`, `fail&status=500`, …)
 * @property {(profile: import('../../scripts/pages.js').Profile, count: number, query?: string) => Promise<import('../../scripts/pages.js').Page[]>} tabs
 *   `count` tabs of the test page, opened one after the other, each ready
 * @property {<T>(fn: (profile: import('../../scripts/pages.js').Profile) => Promise<T>) => Promise<T>} inProfile
 *   runs `fn` in a fresh browser profile, closed afterwards
 * @property {() => Promise<void>} close
 */

/**
 * @param {import('../../scripts/engines.js').EngineName} engine
 * @returns {Promise<Harness>}
 */
export async function startHarness(engine) {
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
  /** @type {import('../../scripts/pages.js').Browser} */
  let browser;
  try {
    browser = await launch(engine);
  } catch (error) {
    await server.close();
    throw error;
  }

  return {
    origin,
    browser,
    stats: async (key) => (await fetch(`${origin}/sse/chaos/stats?key=${encodeURIComponent(key)}`)).json(),
    command: async (key, command) => (await fetch(`${origin}/sse/chaos/command?key=${encodeURIComponent(key)}&do=${command}`, { method: 'POST' })).json(),
    async tabs(profile, count, query = '') {
      const pages = [];
      // The page records its own errors (window.sse.errors), the same way in every engine.
      for (let i = 0; i < count; i++) pages.push(await profile.open(`${origin}/test/shared/page.html${query}`));
      for (const page of pages) await until(() => page.evaluate(() => window.sseReady === true), 'the test page is ready');
      return pages;
    },
    async inProfile(fn) {
      const profile = await browser.newProfile();
      try {
        return await fn(profile);
      } finally {
        await profile.close();
      }
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export { sleep, until };

let counter = 0;
export const uniqueKey = (/** @type {string} */ prefix) => `${prefix}-${Date.now().toString(36)}-${++counter}`;

/**
 * A chaos stream URL (server/chaos.js); finished streams send a comment every 100 ms, as in the wtr tests.
 * @param {Record<string, string | number>} params
 */
export const streamUrl = (params) =>
  `/sse/chaos/stream?${new URLSearchParams(Object.entries({ idle: 100, ...params }).map(([k, v]) => [k, String(v)]))}`;
