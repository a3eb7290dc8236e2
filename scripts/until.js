// Waiting in the Node-side scripts and tests (the browser tests have test/helpers.ts).

export const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `condition` until it is truthy and returns that value; fails with `message` after `timeout` ms.
 * @template T
 * @param {() => T | Promise<T>} condition
 * @param {string} message
 * @returns {Promise<Exclude<T, false | undefined | null | 0 | ''>>}
 */
export async function until(condition, message, timeout = 10_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return /** @type {Exclude<T, false | undefined | null | 0 | ''>} */ (value);
    if (Date.now() > end) throw new Error(`Timed out: ${message}`);
    await sleep(20);
  }
}
