import { esbuildPlugin } from '@web/dev-server-esbuild';
import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';
import { defaultReporter } from '@web/test-runner';
import { enginePlugin, engineLaunchers, engineReporter } from './scripts/test-engines.js';
import { sseKoaMiddleware } from './server/index.js';
import { interopServersPlugin } from './test/interop/plugin.js';
import { wptMiddleware, wptPlugin } from './test/wpt/plugin.js';
import { integrationsMiddleware } from './test/integrations/server.js';

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: 'test/**/*.test.ts',
  nodeResolve: true,
  // One page at a time per engine: pages share the browser's six HTTP/1.1 connections per origin. The
  // engines run side by side (each has its own connections; the tests mostly wait on timers), which takes
  // the run from about 6 to under 3 minutes; SSE_KIT_CONCURRENT_ENGINES=1 runs them one after the other.
  concurrency: 1,
  concurrentBrowsers: Number(process.env.SSE_KIT_CONCURRENT_ENGINES ?? 3),
  // Budgets, not claims (a test or a browser that is done goes on at once), sized for a loaded CI machine:
  // there a browser took more than the default 30 s to open a page (more so one importing a schema library:
  // zod's classic build is some 60 modules), and waits that take 2 s on an idle machine took several times that.
  testFramework: { config: { timeout: 30_000 } },
  browserStartTimeout: 120_000,
  testsStartTimeout: 120_000,
  testsFinishTimeout: 300_000,
  plugins: [enginePlugin, interopServersPlugin(), wptPlugin(), a11ySnapshotPlugin(), esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  // The same endpoints `npm start` serves, over real HTTP.
  middleware: [sseKoaMiddleware(), wptMiddleware(), integrationsMiddleware()],
  // Chromium, Firefox and WebKit (scripts/test-engines.js); SSE_KIT_ENGINES=firefox runs one.
  browsers: engineLaunchers(),
  reporters: [defaultReporter(), engineReporter()],
};
