// What a test page (the cross-tab tests' and the reload tests') records of its own troubles, the same way in
// every engine, for the test to read: uncaught errors, unhandled rejections and console.error calls; and the
// console.warn calls, those starting with `warningsStartingWith` when it is given.

/** @param {{ warningsStartingWith?: string }} [options] */
export function recordTroubles({ warningsStartingWith = '' } = {}) {
  /** @type {string[]} */
  const errors = [];
  /** @type {string[]} */
  const warnings = [];
  window.addEventListener('error', (event) => errors.push(`error: ${event.message}`));
  window.addEventListener('unhandledrejection', (event) => errors.push(`unhandled rejection: ${event.reason}`));
  const consoleError = console.error;
  console.error = (...args) => {
    errors.push(`console.error: ${args.join(' ')}`);
    consoleError(...args);
  };
  const consoleWarn = console.warn;
  console.warn = (...args) => {
    if (String(args[0]).startsWith(warningsStartingWith)) warnings.push(args.join(' '));
    consoleWarn(...args);
  };
  return { errors, warnings };
}
