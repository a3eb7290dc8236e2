import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';
import { chromeArgs, findChrome } from './scripts/chrome.js';
import { sseKoaMiddleware } from './server/index.js';

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: 'test/**/*.test.ts',
  nodeResolve: true,
  // One page at a time: pages share the browser's six HTTP/1.1 connections per origin.
  concurrency: 1,
  testFramework: { config: { timeout: 15000 } },
  plugins: [a11ySnapshotPlugin(), esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
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
