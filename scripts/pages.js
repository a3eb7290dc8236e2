// One way to drive pages in the three engines, for the demo check and the cross-tab tests: Chromium through
// playwright-core (CDP), Firefox through puppeteer-core over WebDriver BiDi, WebKitGTK's MiniBrowser through
// WebKitWebDriver (scripts/engines.js). Whatever drives a page sees only what every engine can do, plus the
// few tools one engine alone has, each named with the reason it is missing elsewhere.
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { chromeArgs } from './chrome.js';
import { findEngine, startWebKitDriver, tieProcessGroup, WebDriverSession } from './engines.js';

/** @typedef {import('./engines.js').EngineName} EngineName */

/**
 * A tab of a browser profile.
 * @typedef {object} Page
 * @property {<T, A>(fn: (arg: A) => T, arg?: A) => Promise<Awaited<T>>} evaluate runs `fn` in the page
 * @property {(selector: string) => Promise<void>} click a real click, through the engine's input, aimed at where
 *   the element is: on a page whose layout moves (a live feed growing above it) it can land beside it
 * @property {(selector: string, key: 'Enter') => Promise<void>} press focuses the element and presses `key` through
 *   the engine's input, as a keyboard user does: Enter on a button clicks it, in a field submits its form, and
 *   no layout change can make it miss
 * @property {(selector: string, text: string) => Promise<void>} type real key presses into an empty field
 * @property {(selector: string, text: string) => Promise<void>} fill empties a field, then types into it
 * @property {(path: string) => Promise<void>} [screenshot]
 * @property {(url: string) => Promise<void>} goto navigates this tab, as following a link does
 * @property {() => Promise<void>} back goes back in this tab's history, as the Back button does
 * @property {() => Promise<void>} reload reloads this tab, as F5 does
 * @property {() => Promise<Page>} newTab another tab of the same profile, on the URL this one opened
 * @property {() => Promise<void>} closeTab closes this tab only, as a person closes a tab
 * @property {() => Promise<void>} crash the tab's renderer dies at once, as in a crash; only where
 *   `CRASH[engine]` is true
 */

/**
 * A browser profile: its tabs share BroadcastChannel, Web Locks, storage and the six HTTP/1.1 connections
 * per origin; two profiles share none of it (WebKit has one at a time, and leaves storage to the next).
 * @typedef {object} Profile
 * @property {(url: string) => Promise<Page>} open a new tab on `url`, once it has loaded
 * @property {() => Promise<void>} close closes its tabs
 */

/**
 * @typedef {object} Browser
 * @property {EngineName} engine
 * @property {string} version
 * @property {() => Promise<Profile>} newProfile
 * @property {() => Promise<void>} close ends the browser and whatever it needed (a driver, a display)
 */

/**
 * @typedef {object} Options
 * @property {{ width: number, height: number }} [viewport]
 */

/** Why a tab cannot be crashed where it cannot (Chromium crashes one through CDP `Page.crash`). */
export const CRASH = /** @type {const} */ ({
  chromium: true,
  firefox:
    'WebDriver BiDi has no command to crash a tab (CDP Page.crash is Chromium\'s) and refuses to navigate to about:crashcontent; in Firefox a tab can only be closed',
  webkit: 'WebKitWebDriver has no command to crash a tab (CDP Page.crash is Chromium\'s); in WebKit a tab can only be closed',
});

/** The WebDriver code points of the keys `press` knows (W3C WebDriver, "keyboard actions"). */
const WEBDRIVER_KEYS = { Enter: '\uE007' };

/** @type {Record<EngineName, (options: Options) => Promise<Browser>>} */
const launchers = {
  async chromium({ viewport }) {
    const browser = await chromium.launch({ executablePath: findEngine('chromium'), args: chromeArgs });
    return {
      engine: 'chromium',
      version: browser.version(),
      async newProfile() {
        // A context is a browser profile.
        const context = await browser.newContext(viewport ? { viewport } : {});
        /** @param {string} url @returns {Promise<Page>} */
        const open = async (url) => {
          const page = await context.newPage();
          await page.goto(url);
          return {
            evaluate: (fn, arg) => page.evaluate(/** @type {never} */ (fn), arg),
            click: (selector) => page.click(selector),
            press: (selector, key) => page.press(selector, key),
            type: (selector, text) => page.type(selector, text),
            fill: (selector, text) => page.fill(selector, text),
            screenshot: (path) => page.screenshot({ path, fullPage: true }).then(() => {}),
            goto: (to) => page.goto(to).then(() => {}),
            back: () => page.goBack().then(() => {}),
            reload: () => page.reload().then(() => {}),
            newTab: () => open(url),
            closeTab: () => page.close(),
            async crash() {
              const cdp = await context.newCDPSession(page);
              // The renderer dies at once, so the command never answers.
              void cdp.send('Page.crash').catch(() => {});
            },
          };
        };
        return { open, close: () => context.close() };
      },
      close: () => browser.close(),
    };
  },

  async firefox({ viewport }) {
    const browser = await puppeteer.launch({ browser: 'firefox', executablePath: findEngine('firefox'), headless: true });
    // Puppeteer starts Firefox in a process group of its own and ends it when this process exits, but a
    // killed run would leave it running.
    const pid = browser.process()?.pid;
    const untie = pid ? tieProcessGroup(pid) : () => {};
    const close = () => browser.close().finally(untie);
    try {
      return {
        engine: 'firefox',
        version: await browser.version(),
        async newProfile() {
          // A BiDi user context (a Firefox container): its own cookies, storage, locks and channels. Its
          // pages are tabs of one window, so all but the newest are background tabs, as a person's are.
          const context = await browser.createBrowserContext();
          /** @param {string} url @returns {Promise<Page>} */
          const open = async (url) => {
            const page = await context.newPage();
            if (viewport) await page.setViewport(viewport);
            await page.goto(url);
            return {
              evaluate: (fn, arg) => page.evaluate(/** @type {never} */ (fn), arg),
              click: (selector) => page.click(selector),
              async press(selector, key) {
                await page.focus(selector);
                await page.keyboard.press(key);
              },
              type: (selector, text) => page.type(selector, text),
              async fill(selector, text) {
                await page.$eval(selector, (field) => void (/** @type {HTMLInputElement} */ (field).value = ''));
                await page.type(selector, text);
              },
              goto: (to) => page.goto(to).then(() => {}),
              back: () => page.goBack().then(() => {}),
              reload: () => page.reload().then(() => {}),
              newTab: () => open(url),
              closeTab: () => page.close(),
              crash: () => Promise.reject(new Error(CRASH.firefox)),
            };
          };
          return { open, close: () => context.close() };
        },
        close,
      };
    } catch (error) {
      await close();
      throw error;
    }
  },

  async webkit({ viewport }) {
    const driver = await startWebKitDriver();
    try {
      const session = await WebDriverSession.create(driver.url, findEngine('webkit'));
      // The session's first window stays open on about:blank for its whole life: closing a session's last
      // window would end the session.
      const home = /** @type {string} */ (await session.send('GET', '/window'));
      let current = home;
      // One WebDriver session answers for every window, and commands go to the current one: a page's
      // command and the switch to its window run as one step, never interleaved with another page's.
      let queue = Promise.resolve();
      /** @template T @param {string} handle @param {() => Promise<T>} step @returns {Promise<T>} */
      const inWindow = (handle, step) => {
        const run = queue.then(async () => {
          if (current !== handle) await session.send('POST', '/window', { handle });
          current = handle;
          return step();
        });
        queue = run.then(
          () => {},
          () => {},
        );
        return run;
      };
      /** @type {Set<string> | undefined} */
      let profileOpen;
      return {
        engine: 'webkit',
        version: `MiniBrowser/${session.capabilities.browserVersion}`,
        async newProfile() {
          // The windows of one session are one profile, so a profile here is the windows opened since the last
          // one closed: one at a time, and its windows close with it, so the next starts with none of their
          // connections, locks or channels (storage, which no test here uses, stays).
          if (profileOpen) throw new Error('WebKit: one profile at a time (the windows of one WebDriver session share everything)');
          const windows = (profileOpen = new Set());
          /** @param {string} handle */
          const closeWindow = (handle) =>
            inWindow(handle, async () => {
              windows.delete(handle);
              await session.send('DELETE', '/window');
              current = '';
            });
          /** @param {string} url @returns {Promise<Page>} */
          const open = async (url) => {
            // A window, not a tab: MiniBrowser keeps showing the tab it had, so every tab opened here would be
            // a hidden page for good (no animation frames: a feed renders only its first message), and
            // WebDriver cannot bring one to the front. Windows are all shown, as Chromium's pages are. Opened
            // from the home window: the current one may have just been closed.
            const handle = await inWindow(home, async () => {
              const { handle: next } = /** @type {{ handle: string }} */ (await session.send('POST', '/window/new', { type: 'window' }));
              windows.add(next);
              return next;
            });
            await inWindow(handle, async () => {
              if (viewport) await session.send('POST', '/window/rect', viewport).catch(() => {});
              await session.navigate(url);
            });
            /** @param {string} selector */
            const element = (selector) => session.element(selector);
            return {
              // An `undefined` result would come back as null over WebDriver's JSON: it is marked.
              evaluate: (fn, arg) =>
                inWindow(handle, async () => {
                  const script = `return Promise.resolve((${fn}).apply(null, arguments)).then((value) => value === undefined ? { undefined: true } : { value })`;
                  const result = /** @type {{ value?: never, undefined?: true }} */ (await session.execute(script, arg === undefined ? [] : [arg]));
                  return /** @type {never} */ (result.value);
                }),
              click: (selector) => inWindow(handle, async () => void (await session.send('POST', `/element/${await element(selector)}/click`, {}))),
              // Element Send Keys focuses the element and types; WebDriver names its keys by code point.
              press: (selector, key) => inWindow(handle, async () => void (await session.send('POST', `/element/${await element(selector)}/value`, { text: WEBDRIVER_KEYS[key] }))),
              type: (selector, text) => inWindow(handle, async () => void (await session.send('POST', `/element/${await element(selector)}/value`, { text }))),
              fill: (selector, text) =>
                inWindow(handle, async () => {
                  const found = await element(selector);
                  await session.send('POST', `/element/${found}/clear`, {});
                  await session.send('POST', `/element/${found}/value`, { text });
                }),
              goto: (to) => inWindow(handle, async () => void (await session.navigate(to))),
              back: () => inWindow(handle, async () => void (await session.send('POST', '/back', {}))),
              reload: () => inWindow(handle, async () => void (await session.send('POST', '/refresh', {}))),
              newTab: () => open(url),
              closeTab: () => closeWindow(handle),
              crash: () => Promise.reject(new Error(CRASH.webkit)),
            };
          };
          return {
            open,
            async close() {
              for (const handle of [...windows]) await closeWindow(handle).catch(() => {});
              await inWindow(home, async () => {});
              profileOpen = undefined;
            },
          };
        },
        async close() {
          await session.close().catch(() => {});
          await driver.stop();
        },
      };
    } catch (error) {
      await driver.stop();
      throw error;
    }
  },
};

/**
 * Starts `engine`'s browser; `close()` ends it, and with the WebKit driver and its display, which are tied
 * to this process anyway (scripts/engines.js).
 * @param {EngineName} engine
 * @param {Options} [options]
 * @returns {Promise<Browser>}
 */
export function launch(engine, options = {}) {
  return launchers[engine](options);
}
