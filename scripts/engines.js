// The three browser engines the tests and the demo check run in, found on this machine, and the one that
// needs a process of its own (WebKit, through WebKitWebDriver on a virtual X display).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { findChrome } from './chrome.js';

/** @typedef {'chromium' | 'firefox' | 'webkit'} EngineName */

/** @type {EngineName[]} */
const ENGINES = ['chromium', 'firefox', 'webkit'];
/** How an engine is called in what the scripts and tests print. @type {Record<EngineName, string>} */
export const ENGINE_NAMES = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' };

/**
 * The engines to run: `SSE_KIT_ENGINES=firefox,webkit` picks some, unset means all three.
 * @returns {EngineName[]}
 */
export function selectedEngines() {
  const asked = (process.env.SSE_KIT_ENGINES ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  if (!asked.length) return ENGINES;
  const unknown = asked.filter((name) => !ENGINES.includes(/** @type {EngineName} */ (name)));
  if (unknown.length) {
    console.error(`SSE_KIT_ENGINES: unknown engine ${unknown.join(', ')} (known: ${ENGINES.join(', ')}).`);
    process.exit(1);
  }
  return /** @type {EngineName[]} */ (asked);
}

/**
 * @param {string} what
 * @param {(string | undefined)[]} candidates
 * @param {string} hint
 */
function findExecutable(what, candidates, hint) {
  const found = candidates.find((path) => path && existsSync(path));
  if (!found) {
    console.error(`sse-kit's tests need ${what} here: ${hint}`);
    process.exit(1);
  }
  return /** @type {string} */ (found);
}

/** Firefox (ESR or release): FIREFOX_PATH, else the usual install paths. */
function findFirefox() {
  return findExecutable(
    'Firefox',
    [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox', '/Applications/Firefox.app/Contents/MacOS/firefox'],
    'set FIREFOX_PATH=/path/to/firefox, or install it (Debian/Ubuntu: apt-get install -y firefox-esr).',
  );
}

/** WebKitGTK's MiniBrowser: MINIBROWSER_PATH, else where Debian's webkit2gtk-driver puts it. */
function findMiniBrowser() {
  /** @type {string[]} */
  const packaged = [];
  for (const root of ['/usr/lib', '/usr/libexec']) {
    if (!existsSync(root)) continue;
    for (const dir of [root, ...readdirSync(root).map((name) => `${root}/${name}`)]) {
      let names = [];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const name of names) if (/^webkit2?gtk-[\d.]+$/.test(name)) packaged.push(`${dir}/${name}/MiniBrowser`);
    }
  }
  return findExecutable(
    'WebKitGTK\'s MiniBrowser',
    [process.env.MINIBROWSER_PATH, ...packaged.sort().reverse()],
    'set MINIBROWSER_PATH=/path/to/MiniBrowser, or install it (Debian/Ubuntu: apt-get install -y webkit2gtk-driver xvfb).',
  );
}

/** @param {string} command */
function onPath(command) {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(`${dir}/${command}`));
}

/** The executable each engine runs, checked before anything starts so a missing one is one clear line. */
export function findEngine(/** @type {EngineName} */ name) {
  if (name === 'chromium') return findChrome();
  if (name === 'firefox') return findFirefox();
  for (const command of ['WebKitWebDriver', 'Xvfb']) {
    if (!onPath(command)) {
      console.error(`sse-kit's WebKit tests need ${command} here (Debian/Ubuntu: apt-get install -y webkit2gtk-driver xvfb).`);
      process.exit(1);
    }
  }
  return findMiniBrowser();
}

/** @type {Set<import('node:child_process').ChildProcess>} */
const tied = new Set();
const endTied = () => {
  for (const child of tied) child.stdin?.destroy();
};
let exitHooked = false;

/**
 * Starts `command` in a process group of its own that ends with this process, however it ends: a shell
 * starts the command, then waits for its stdin (a pipe from here) to close, and kills the whole group,
 * browser and helpers included. Node closes the pipe on any exit, a crash or SIGKILL too.
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 */
function spawnTied(command, args, env = process.env) {
  const child = spawn('sh', ['-c', '"$@" & read _ignored; kill -TERM 0', 'sh', command, ...args], {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env,
  });
  tie(child);
  return child;
}

/**
 * Ends the process group `pid` leads with this process, however this process ends, as `spawnTied` does: for
 * a browser that a library started in a group of its own (puppeteer's Firefox), which the library stops when
 * this process exits but not when it is killed.
 * @param {number} pid
 * @returns {() => void} lets the group be, once it has ended some other way
 */
export function tieProcessGroup(pid) {
  const watcher = spawn('sh', ['-c', 'read _ignored; kill -TERM -"$1" 2>/dev/null', 'sh', String(pid)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  tie(watcher);
  // Whatever this process still waits for, it is not this watcher.
  watcher.unref();
  /** @type {import('node:net').Socket} */ (watcher.stdin).unref();
  return () => void watcher.kill('SIGKILL');
}

/** @param {import('node:child_process').ChildProcess} child */
function tie(child) {
  tied.add(child);
  child.on('exit', () => tied.delete(child));
  if (!exitHooked) {
    exitHooked = true;
    // Ctrl-C and `kill`: the pipes close as this process ends anyway; closing them first saves the wait.
    process.once('exit', endTied);
    for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
      process.once(signal, () => {
        endTied();
        // Still end the way the signal means, now that the children are told.
        if (!process.listenerCount(signal)) process.kill(process.pid, signal);
      });
    }
  }
}

/**
 * Ends a tied process group and waits for its shell.
 * @param {import('node:child_process').ChildProcess} child
 */
function endTiedChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const done = new Promise((resolve) => child.once('exit', resolve));
  child.stdin?.end();
  return done;
}

/** @returns {Promise<number>} a port free right now */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * An X display for the browser: Xvfb picks a free display number itself (`-displayfd`), so runs started
 * at once on one machine never race for one, as `xvfb-run -a` can.
 * @returns {Promise<{ display: string, process: import('node:child_process').ChildProcess }>}
 */
async function startXvfb() {
  const child = spawnTied('Xvfb', ['-displayfd', '1', '-nolisten', 'tcp', '-screen', '0', '1280x1024x24']);
  let stderr = '';
  child.stderr?.on('data', (chunk) => void (stderr = (stderr + chunk).slice(-4000)));
  const display = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
    child.once('exit', () => reject(new Error(`Xvfb did not start: ${stderr.trim() || 'no output'}`)));
    setTimeout(() => reject(new Error(`Xvfb did not start within 10 s: ${stderr.trim()}`)), 10_000).unref();
  });
  return { display, process: child };
}

/**
 * WebKitWebDriver on a display of its own. Both are children of this process, tied to it (see
 * `spawnTied`); `stop()` ends them.
 * @returns {Promise<{ url: string, stop(): Promise<void> }>}
 */
export async function startWebKitDriver() {
  const xvfb = await startXvfb();
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let driver;
  const stop = async () => {
    await Promise.all([driver && endTiedChild(driver), endTiedChild(xvfb.process)]);
  };
  try {
    for (let tries = 1; ; tries++) {
      const port = await freePort();
      driver = spawnTied('WebKitWebDriver', [`--port=${port}`, '--host=local'], { ...process.env, DISPLAY: xvfb.display });
      // Its output (MiniBrowser's too) only matters if it fails to start: keep the end of it.
      let log = '';
      const keep = (/** @type {Buffer} */ chunk) => void (log = (log + chunk).slice(-4000));
      driver.stdout?.on('data', keep);
      driver.stderr?.on('data', keep);
      const url = `http://127.0.0.1:${port}`;
      const end = performance.now() + 10_000;
      while (performance.now() < end && driver.exitCode === null) {
        try {
          const response = await fetch(`${url}/status`);
          if (response.ok) return { url, stop };
        } catch {
          // Not listening yet.
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await endTiedChild(driver);
      // The port may have been taken between finding it free and the driver binding it.
      if (tries === 3) throw new Error(`WebKitWebDriver did not start: ${log.trim() || 'no output'}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The few W3C WebDriver commands the tests and the demo check need, over plain HTTP: a session of
 * MiniBrowser, navigation, scripts, and the computed role and label of an element.
 */
export class WebDriverSession {
  /**
   * @param {string} driverUrl
   * @param {string} id
   * @param {Record<string, unknown>} capabilities
   */
  constructor(driverUrl, id, capabilities) {
    this.base = `${driverUrl}/session/${id}`;
    this.capabilities = capabilities;
  }

  /**
   * Opens MiniBrowser in automation mode.
   * @param {string} driverUrl
   * @param {string} binary
   */
  static async create(driverUrl, binary) {
    const value = /** @type {{ sessionId: string, capabilities: Record<string, unknown> }} */ (
      await command(driverUrl, 'POST', '/session', {
        capabilities: {
          alwaysMatch: {
            'webkitgtk:browserOptions': { binary, args: ['--automation'] },
            // The tests wait for their own conditions; 15 s is the longest a test may take.
            timeouts: { script: 30_000, pageLoad: 30_000, implicit: 0 },
          },
        },
      })
    );
    return new WebDriverSession(driverUrl, value.sessionId, value.capabilities);
  }

  /**
   * @param {'GET' | 'POST' | 'DELETE'} method
   * @param {string} path
   * @param {unknown} [body]
   */
  send(method, path, body) {
    return command(this.base, method, path, body);
  }

  /** @param {string} url */
  navigate(url) {
    return this.send('POST', '/url', { url });
  }

  /**
   * Runs `script` (a function body) in the page; what it returns comes back as JSON.
   * @param {string} script
   * @param {unknown[]} [args]
   */
  execute(script, args = []) {
    return this.send('POST', '/execute/sync', { script, args });
  }

  /**
   * The element `selector` finds in the document (not inside shadow roots), as a WebDriver reference.
   * @param {string} selector
   * @returns {Promise<string>}
   */
  async element(selector) {
    const value = /** @type {Record<string, string>} */ (await this.send('POST', '/element', { using: 'css selector', value: selector }));
    return Object.values(value)[0];
  }

  /**
   * The ARIA role and accessible name WebKit computes for the element.
   * @param {string} element
   */
  async accessible(element) {
    const [role, name] = await Promise.all([
      this.send('GET', `/element/${element}/computedrole`),
      this.send('GET', `/element/${element}/computedlabel`),
    ]);
    return { role: /** @type {string} */ (role), name: /** @type {string} */ (name) };
  }

  close() {
    return this.send('DELETE', '');
  }
}

/**
 * @param {string} base
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<unknown>}
 */
async function command(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  /** @type {{ value?: unknown }} */
  let json = {};
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON: the status says what went wrong.
  }
  if (!response.ok) {
    const value = /** @type {{ error?: string, message?: string }} */ (json.value ?? {});
    throw new Error(`WebDriver ${method} ${path}: ${value.error ?? response.status} ${value.message ?? text}`.trim());
  }
  return json.value ?? null;
}
