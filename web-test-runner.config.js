import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';
import { chromeArgs, findChrome } from './scripts/chrome.js';
import { sseKoaMiddleware } from './server/index.js';
import { interopServersPlugin } from './test/interop/plugin.js';

/**
 * `go-offline` for the tests: real DevTools network emulation, so the page's `offline`/`online` events
 * and its requests are the browser's own, not a dispatched imitation. The network comes back after
 * `ms` from here, since an offline page cannot send the command that would bring it back.
 * @type {import('@web/test-runner').TestRunnerPlugin}
 */
const networkPlugin = {
  name: 'sse-kit:network',
  async executeCommand({ command, payload, session }) {
    if (command !== 'go-offline') return undefined;
    const launcher = /** @type {import('@web/test-runner-chrome').ChromeLauncher} */ (session.browser);
    const page = launcher.getPage(session.id);
    await page.setOfflineMode(true);
    const { ms = 500 } = /** @type {{ ms?: number }} */ (payload ?? {});
    setTimeout(() => page.setOfflineMode(false).catch(() => {}), ms);
    return true;
  },
};

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: 'test/**/*.test.ts',
  nodeResolve: true,
  // One page at a time: pages share the browser's six HTTP/1.1 connections per origin.
  concurrency: 1,
  testFramework: { config: { timeout: 15000 } },
  plugins: [networkPlugin, interopServersPlugin(), a11ySnapshotPlugin(), esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  // The same endpoints `npm start` serves, over real HTTP.
  middleware: [sseKoaMiddleware()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: findChrome(),
        headless: true,
        args: chromeArgs,
      },
    }),
  ],
};
