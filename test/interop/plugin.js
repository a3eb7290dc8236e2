import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVERS } from './servers/scenario.js';

/**
 * Real SSE servers for the interop tests, started by the test itself: `interop-start` runs
 * `servers/<name>.js` as a child process on a loopback port and answers `{ id, port }`; `interop-stop`
 * ends it. Whatever a test leaves running is killed when the test runner stops, and each server also
 * exits when the runner's end of its stdin closes, so none outlives a runner that was killed outright.
 * @returns {import('@web/test-runner').TestRunnerPlugin}
 */
export function interopServersPlugin() {
  /** @type {Map<number, import('node:child_process').ChildProcess>} */
  const running = new Map();
  let nextId = 0;
  const stopAll = () => {
    for (const child of running.values()) child.kill('SIGKILL');
    running.clear();
  };
  process.once('exit', stopAll);

  /** @param {string} name */
  function start(name) {
    if (!SERVERS.includes(name)) throw new Error(`No interop server "${name}" (${SERVERS.join(', ')})`);
    const file = fileURLToPath(new URL(`./servers/${name}.js`, import.meta.url));
    const child = spawn(process.execPath, [file], { stdio: ['pipe', 'pipe', 'inherit'] });
    const id = ++nextId;
    running.set(id, child);
    return new Promise((resolve, reject) => {
      let out = '';
      const fail = (/** @type {string} */ why) => {
        child.kill('SIGKILL');
        running.delete(id);
        reject(new Error(`${name} server: ${why}`));
      };
      // A budget for a loaded machine (a server took more than 10 s to start there): it returns on the port.
      const timer = setTimeout(() => fail('no port within 60 s'), 60_000);
      child.once('exit', (code) => fail(`exited (${code}) before it listened`));
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const line = out.split('\n')[0];
        if (out.includes('\n')) {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          child.once('exit', () => running.delete(id));
          resolve({ id, port: JSON.parse(line).port });
        }
      });
    });
  }

  /** @param {number} id */
  function stop(id) {
    const child = running.get(id);
    if (!child) return Promise.resolve(false);
    running.delete(id);
    return new Promise((resolve) => {
      child.once('exit', () => resolve(true));
      child.kill('SIGKILL');
    });
  }

  return {
    name: 'sse-kit:interop-servers',
    serverStop: stopAll,
    async executeCommand({ command, payload }) {
      const { server, id } = /** @type {{ server?: string, id?: number }} */ (payload ?? {});
      if (command === 'interop-start') return start(String(server));
      if (command === 'interop-stop') return stop(Number(id));
      return undefined;
    },
  };
}
