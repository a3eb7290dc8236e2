// The test runner's side of the three engines: a launcher for each, and the server commands a test uses
// to ask which engine runs it and what that engine's tools can do (test/engine.ts is the page's side).
import { relative } from 'node:path';
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { chromeArgs } from './chrome.js';
import { findEngine, selectedEngines, startWebKitDriver, WebDriverSession } from './engines.js';

/** @typedef {import('./engines.js').EngineName} EngineName */
/** @typedef {import('@web/test-runner-core').BrowserLauncher & { engine: EngineName, version(sessionId: string): Promise<string> }} EngineLauncher */

/**
 * What each engine's tools can do for a test, beyond the page itself. Every test runs in every engine;
 * one that needs a missing tool is skipped there, with this reason (test/engine.ts).
 * @type {Record<EngineName, Record<string, string | true>>}
 */
const CAPABILITIES = {
  chromium: { a11ySnapshot: true, offline: true },
  firefox: {
    a11ySnapshot: 'Firefox has no DevTools accessibility snapshot (a11ySnapshot is Chromium\'s CDP); test/elements/aria.test.ts checks the roles through Firefox\'s own accessibility tree',
    offline: true,
  },
  webkit: {
    a11ySnapshot: 'WebKitWebDriver has no DevTools accessibility snapshot (a11ySnapshot is Chromium\'s CDP); test/elements/aria.test.ts checks the roles through WebDriver\'s computed role and label',
    offline: 'WebKitWebDriver has no network emulation (WebDriver classic cannot take a page offline)',
  },
};

/**
 * Chromium or Firefox through puppeteer-core (CDP for Chromium, WebDriver BiDi for Firefox).
 * @param {EngineName} engine
 * @returns {EngineLauncher}
 */
function puppeteerEngine(engine) {
  const executablePath = findEngine(engine);
  const launcher =
    engine === 'firefox'
      ? chromeLauncher({ puppeteer: puppeteerCore, launchOptions: { browser: 'firefox', executablePath, headless: true } })
      : chromeLauncher({ launchOptions: { executablePath, headless: true, args: chromeArgs } });
  launcher.name = engine === 'firefox' ? 'Firefox' : 'Chromium';
  return Object.assign(launcher, {
    engine,
    /** @param {string} sessionId */
    version(sessionId) {
      return launcher.getPage(sessionId).browser().version();
    },
  });
}

/**
 * WebKitGTK's MiniBrowser through WebKitWebDriver, one window for the whole run (concurrency 1). The
 * driver and its X display start with the first test file and end in `stop()`, or with this process.
 * @implements {EngineLauncher}
 */
class WebKitLauncher {
  name = 'WebKit';
  type = 'webdriver';
  /** @type {EngineName} */
  engine = 'webkit';
  binary = findEngine('webkit');
  /** @type {Promise<{ session: WebDriverSession, stop(): Promise<void> }> | undefined} */
  #started;
  /** @type {Map<string, string>} */
  #active = new Map();

  /** The session, started on first use. */
  session() {
    this.#started ??= (async () => {
      const driver = await startWebKitDriver();
      try {
        return { session: await WebDriverSession.create(driver.url, this.binary), stop: driver.stop };
      } catch (error) {
        await driver.stop();
        throw error;
      }
    })();
    return this.#started.then(({ session }) => session);
  }

  async version() {
    return `MiniBrowser/${(await this.session()).capabilities.browserVersion}`;
  }

  /** @param {string} id @param {string} url */
  async startSession(id, url) {
    const session = await this.session();
    this.#active.set(id, url);
    await session.navigate(url);
  }

  /** @param {string} id */
  isActive(id) {
    return this.#active.has(id);
  }

  /** @param {string} id */
  getBrowserUrl(id) {
    return this.#active.get(id);
  }

  /** @param {string} id */
  async stopSession(id) {
    const session = await this.session();
    // A blank page ends the test page's timers and streams before the next file.
    await session.navigate('about:blank');
    this.#active.delete(id);
    return {};
  }

  async startDebugSession() {
    throw new Error('Debugging WebKit is not supported here: run MiniBrowser with the test page URL yourself.');
  }

  async stop() {
    const started = this.#started;
    this.#started = undefined;
    if (!started) return;
    const { session, stop } = await started.catch(() => ({ session: undefined, stop: async () => {} }));
    await session?.close().catch(() => {});
    await stop();
  }
}

/** When each engine started its first test file and finished its last, for the report. */
/** @type {Map<EngineLauncher, { start: number, end: number }>} */
const timings = new Map();

/** @returns {EngineLauncher[]} the launchers of the engines `SSE_KIT_ENGINES` selects (all by default) */
export function engineLaunchers() {
  return selectedEngines().map((engine) => {
    const launcher = engine === 'webkit' ? /** @type {EngineLauncher} */ (new WebKitLauncher()) : puppeteerEngine(engine);
    const { startSession, stopSession } = launcher;
    launcher.startSession = (id, url) => {
      if (!timings.has(launcher)) timings.set(launcher, { start: Date.now(), end: Date.now() });
      return startSession.call(launcher, id, url);
    };
    launcher.stopSession = async (id) => {
      const result = await stopSession.call(launcher, id);
      const timing = timings.get(launcher);
      if (timing) timing.end = Date.now();
      return result;
    };
    return launcher;
  });
}

/**
 * After the default report: per engine, its counts and how long its files took, every skipped test by
 * name, which carries the reason (test/engine.ts), and every failed test by file and name with the start
 * of its error. It comes last, so a log cut to its tail (as CI keeps one) still says what failed.
 * @returns {import('@web/test-runner').Reporter}
 */
export function engineReporter() {
  return {
    stop({ sessions }) {
      /** @type {Map<import('@web/test-runner-core').BrowserLauncher, { passed: number, failed: number, skipped: string[], failures: string[] }>} */
      const byEngine = new Map();
      /** @param {{ message?: string } | undefined} error */
      const firstLines = (error) => (error?.message ?? '(no message)').split('\n').slice(0, 3).join(' / ').slice(0, 400);
      for (const session of sessions) {
        let counts = byEngine.get(session.browser);
        if (!counts) byEngine.set(session.browser, (counts = { passed: 0, failed: 0, skipped: [], failures: [] }));
        const file = relative(process.cwd(), session.testFile);
        /** @param {import('@web/test-runner-core').TestSuiteResult} suite @param {string} path */
        const walk = (suite, path) => {
          for (const test of suite.tests) {
            if (test.skipped) counts.skipped.push(`${path}${test.name}`);
            else if (test.passed) counts.passed += 1;
            else {
              counts.failed += 1;
              counts.failures.push(`${file}: ${path}${test.name}: ${firstLines(test.error)}`);
            }
          }
          for (const child of suite.suites) walk(child, `${path}${child.name} > `);
        };
        if (session.testResults) walk(session.testResults, '');
        // A file that failed outside its tests (it did not load, a hook threw, the browser timed out).
        for (const error of session.errors ?? []) counts.failures.push(`${file}: ${firstLines(error)}`);
      }
      const lines = ['', 'Engines:'];
      for (const [browser, counts] of byEngine) {
        const timing = timings.get(/** @type {EngineLauncher} */ (browser));
        const took = timing ? ` in ${((timing.end - timing.start) / 1000).toFixed(1)} s` : '';
        lines.push(`  ${browser.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped.length} skipped${took}`);
        for (const name of counts.skipped) lines.push(`    skipped: ${name}`);
        for (const failure of counts.failures) lines.push(`    FAILED: ${failure}`);
      }
      console.log(lines.join('\n'));
      // Plugins print after the reporters (the web-platform-tests table): the failures again, once all is said.
      const failures = [...byEngine].flatMap(([browser, counts]) => counts.failures.map((failure) => `  ${browser.name}: ${failure}`));
      if (failures.length) process.once('exit', () => console.log(['', 'Failed:', ...failures].join('\n')));
    },
  };
}

/** @param {unknown} browser @returns {EngineLauncher} */
const launcherOf = (browser) => /** @type {EngineLauncher} */ (browser);

/**
 * The server commands of test/engine.ts:
 * - `engine`: `{ name, version, capabilities }`, where a capability is `true` or the reason it is missing;
 * - `go-offline` (`{ ms }`): the page's network goes away for `ms` (DevTools emulation in Chromium, BiDi
 *   in Firefox), so its `offline`/`online` events and failed requests are the browser's own. The network
 *   comes back from here, since an offline page cannot send the command that would bring it back;
 * - `accessible` (`{ selector, role?, name? }`): the role and accessible name the engine's accessibility
 *   tree gives the element `selector` finds in the document;
 * - `press` (`{ keys }`): real key presses, one after the other, to whatever has the focus (`Tab`, `Enter`,
 *   `Space`, `ArrowUp`, … as `KeyboardEvent.key` names them), through the engine's input.
 * @type {import('@web/test-runner').TestRunnerPlugin}
 */
export const enginePlugin = {
  name: 'sse-kit:engines',
  async executeCommand({ command, payload, session }) {
    const launcher = launcherOf(session.browser);
    switch (command) {
      case 'engine':
        return { name: launcher.engine, version: await launcher.version(session.id), capabilities: CAPABILITIES[launcher.engine] };
      case 'go-offline': {
        if (launcher.engine === 'webkit') throw new Error(String(CAPABILITIES.webkit.offline));
        const page = /** @type {import('@web/test-runner-chrome').ChromeLauncher} */ (session.browser).getPage(session.id);
        await page.setOfflineMode(true);
        const { ms = 500 } = /** @type {{ ms?: number }} */ (payload ?? {});
        setTimeout(() => page.setOfflineMode(false).catch(() => {}), ms);
        return true;
      }
      case 'accessible':
        return accessible(session, /** @type {{ selector: string, role?: string, name?: string }} */ (payload));
      case 'press':
        return press(session, /** @type {{ keys: string[] }} */ (payload).keys);
      default:
        return undefined;
    }
  },
};

/** WebDriver's code points for the keys that are not characters (WebDriver, "Keyboard actions"). */
const WEBDRIVER_KEYS = /** @type {Record<string, string>} */ ({
  Tab: '\uE004',
  Enter: '\uE007',
  Shift: '\uE008',
  Escape: '\uE00C',
  Space: '\uE00D',
  PageUp: '\uE00E',
  PageDown: '\uE00F',
  End: '\uE010',
  Home: '\uE011',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
});

/**
 * @param {import('@web/test-runner-core').BasicTestSession} session
 * @param {string[]} keys
 */
async function press(session, keys) {
  const launcher = launcherOf(session.browser);
  if (launcher.engine === 'webkit') {
    const driver = await /** @type {WebKitLauncher} */ (/** @type {unknown} */ (launcher)).session();
    const actions = keys.flatMap((key) => {
      const value = WEBDRIVER_KEYS[key] ?? key;
      return [{ type: 'keyDown', value }, { type: 'keyUp', value }];
    });
    await driver.send('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    return true;
  }
  const page = /** @type {import('@web/test-runner-chrome').ChromeLauncher} */ (session.browser).getPage(session.id);
  // Puppeteer names the space bar by its character.
  for (const key of keys) await page.keyboard.press(/** @type {import('puppeteer-core').KeyInput} */ (key === 'Space' ? ' ' : key));
  return true;
}

/**
 * @param {import('@web/test-runner-core').BasicTestSession} session
 * @param {{ selector: string, role?: string, name?: string }} payload
 * @returns {Promise<{ role: string | null, name: string | null }>}
 */
async function accessible(session, { selector, role, name }) {
  const launcher = launcherOf(session.browser);
  if (launcher.engine === 'webkit') {
    const driver = await /** @type {WebKitLauncher} */ (/** @type {unknown} */ (launcher)).session();
    return driver.accessible(await driver.element(selector));
  }
  const page = /** @type {import('@web/test-runner-chrome').ChromeLauncher} */ (session.browser).getPage(session.id);
  const element = await page.$(selector);
  if (!element) throw new Error(`No element matches ${selector}`);
  if (launcher.engine === 'chromium') {
    const node = await page.accessibility.snapshot({ root: element, interestingOnly: false });
    return { role: node?.role ?? null, name: node?.name ?? null };
  }
  // Firefox's BiDi gives no way to read a node's role, only to find nodes by role and name in its
  // accessibility tree: the element is the one found, or the answer says which part did not match.
  /** @param {string} query */
  const finds = async (query) => {
    for (const found of await page.$$(`aria/${query}`)) {
      if (await found.evaluate((node, target) => node === target, element)) return true;
    }
    return false;
  };
  const withRole = role ? `[role="${role}"]` : '';
  if (await finds(`${name ?? ''}${withRole}`)) return { role: role ?? null, name: name ?? null };
  if (role && (await finds(withRole))) return { role, name: `(not "${name}")` };
  return { role: `(not "${role}")`, name: null };
}
