import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The processes a test or `npm run demo:scale` starts: each one a child of this process, in its own
 * process group (an nginx master and its workers die together), stopped at the end whatever happened; and
 * the temp dirs they use, removed after them.
 *
 * Exit paths covered: `stopAll()` (the normal end, or a `finally` after a failure), this process's `exit`
 * event, SIGINT/SIGTERM/SIGHUP, and, for a parent killed outright (SIGKILL, OOM), a reaper: a small child
 * that holds the other end of a pipe and, when the pipe closes, kills every group and removes every dir
 * still listed.
 */
export class Processes {
  /** @type {Map<number, { name: string, child: import('node:child_process').ChildProcess }>} */
  #running = new Map();
  /** @type {import('node:child_process').ChildProcess | undefined} */
  #reaper;
  /** @type {Set<string>} */
  #dirs = new Set();
  #onSignal = () => {
    this.stopAllNow();
    process.exit(130);
  };
  #onExit = () => this.stopAllNow();

  constructor() {
    process.on('exit', this.#onExit);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, this.#onSignal);
  }

  /**
   * A new temp dir (`prefix` + random), removed by `stopAll()` or on any exit, after the processes.
   * @param {string} prefix
   */
  tempDir(prefix) {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    this.#dirs.add(dir);
    this.#reap(`d${dir}`);
    return dir;
  }

  /**
   * Starts `command` in a new process group. Its stderr is kept (the last 4 KB) for error messages.
   * @param {string} name for messages
   * @param {string} command
   * @param {string[]} args
   * @param {{ stdout?: 'ignore' | 'pipe' | 'inherit', env?: NodeJS.ProcessEnv }} [options]
   */
  start(name, command, args, { stdout = 'ignore', env } = {}) {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', stdout, 'pipe'], env: env ?? process.env });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text) => (stderr = (stderr + text).slice(-4096)));
    const pid = child.pid;
    if (pid === undefined) throw new Error(`${name}: could not start ${command}`);
    this.#running.set(pid, { name, child });
    this.#reap(`+${pid}`);
    child.once('exit', () => {
      this.#running.delete(pid);
      this.#reap(`-${pid}`);
    });
    return {
      name,
      pid,
      child,
      /** What the process wrote to stderr (the last 4 KB). */
      stderr: () => stderr,
      /** @returns {boolean} */
      running: () => child.exitCode === null && child.signalCode === null,
      /** Kills the whole group at once (SIGKILL: a crash, nothing flushed) and resolves when it is gone. */
      kill: (signal = /** @type {NodeJS.Signals} */ ('SIGKILL')) => this.#kill(pid, child, signal),
    };
  }

  /**
   * @param {number} pid
   * @param {import('node:child_process').ChildProcess} child
   * @param {NodeJS.Signals} signal
   */
  #kill(pid, child, signal) {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const gone = new Promise((resolve) => child.once('exit', resolve));
    killGroup(pid, signal);
    return gone.then(() => {
      // The leader is gone; workers of the group that outlived it go too.
      killGroup(pid, 'SIGKILL');
    });
  }

  /** Stops every process still running, removes the temp dirs, and ends the reaper. */
  async stopAll() {
    await Promise.all([...this.#running].map(([pid, { child }]) => this.#kill(pid, child, 'SIGKILL')));
    this.#removeDirs();
    this.#reaper?.stdin?.end();
    this.#reaper = undefined;
    process.off('exit', this.#onExit);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(signal, this.#onSignal);
  }

  /** The synchronous version, for `exit` and signal handlers, which cannot wait. */
  stopAllNow() {
    for (const pid of this.#running.keys()) killGroup(pid, 'SIGKILL');
    this.#running.clear();
    this.#removeDirs();
  }

  #removeDirs() {
    for (const dir of this.#dirs) rmSync(dir, { recursive: true, force: true });
    this.#dirs.clear();
  }

  /** @param {string} line `+pid` to watch a group, `-pid` to forget it, `d/path` a dir to remove */
  #reap(line) {
    if (!this.#reaper) {
      // In a group of its own: a signal to this process's group (Ctrl-C, `timeout`) must not take it too.
      this.#reaper = spawn(process.execPath, ['-e', REAPER], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
      // The reaper must not keep this process alive, nor fail it when it is gone first.
      this.#reaper.unref();
      this.#reaper.stdin?.on('error', () => {});
    }
    this.#reaper.stdin?.write(`${line}\n`);
  }
}

/** @param {number} pid @param {NodeJS.Signals} signal */
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * The reaper: reads `+pid` / `-pid` / `d/dir` lines; when its stdin closes (the parent is gone), kills what
 * is left and removes the dirs. A dir already removed is no error.
 */
const REAPER = `
const groups = new Set();
const dirs = [];
let buffer = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  const lines = buffer.split('\\n');
  buffer = lines.pop();
  for (const line of lines) {
    if (line[0] === '+') groups.add(line.slice(1));
    else if (line[0] === '-') groups.delete(line.slice(1));
    else if (line[0] === 'd') dirs.push(line.slice(1));
  }
});
process.stdin.on('end', () => {
  for (const pid of groups) { try { process.kill(-Number(pid), 'SIGKILL'); } catch {} }
  // The killed processes' files are closed once they are gone; give the kernel a moment.
  setTimeout(() => {
    for (const dir of dirs) { try { require('node:fs').rmSync(dir, { recursive: true, force: true }); } catch {} }
    process.exit(0);
  }, 100);
});
`;
