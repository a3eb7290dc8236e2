// Waiting in the Node-side scripts and tests (the browser tests have test/helpers.ts).

export const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What a wait is for, and optionally what was there instead (asked only when the wait times out).
 * @typedef {string | { for: string, seen(): unknown }} Waiting
 */

/**
 * The error of a timed-out wait: what it waited for, how long, and what it saw.
 * @param {Waiting} waiting
 * @param {number} timeout
 */
export async function timedOut(waiting, timeout) {
  if (typeof waiting === 'string') return new Error(`Timed out after ${timeout} ms waiting for ${waiting}`);
  /** @type {unknown} */
  let seen;
  try {
    seen = await waiting.seen();
  } catch (error) {
    seen = `(could not tell: ${String(error)})`;
  }
  return new Error(`Timed out after ${timeout} ms waiting for ${waiting.for}; saw ${typeof seen === 'string' ? seen : JSON.stringify(seen)}`);
}

/**
 * Polls `condition` until it is truthy and returns that value; after `timeout` ms fails saying what it
 * waited for (and, given `seen`, what it saw). The timeout is a budget, not a claim: keep it far above
 * what a loaded machine needs, since a wait that holds returns as soon as it holds. Timed on the monotonic
 * clock: a VM's wall clock can step (a CI run saw `Date.now()` move 7 s ahead within 3 s), and a deadline on it
 * then fails a wait that had time left.
 * @template T
 * @param {() => T | Promise<T>} condition
 * @param {Waiting} waiting
 * @returns {Promise<Exclude<T, false | undefined | null | 0 | ''>>}
 */
export async function until(condition, waiting, timeout = 10_000) {
  const end = performance.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return /** @type {Exclude<T, false | undefined | null | 0 | ''>} */ (value);
    if (performance.now() > end) throw await timedOut(waiting, timeout);
    await sleep(20);
  }
}
