/** An id per function and per store: nothing else about them can be known, so identity is what counts. */
const ids = new WeakMap<object, string>();
let count = 0;
const identity = (value: object) => {
  let id = ids.get(value);
  if (id === undefined) ids.set(value, (id = `#${++count}`));
  return id;
};

/**
 * The same text for connection options that mean the same: an element updates, and a framework re-runs a
 * component, with a new options object each time (an inline literal), and comparing by reference would
 * release and retake the connection on every render. Unset and `undefined` are alike, header records
 * compare by their entries in any order, functions (a `headers` maker, a decoder), schemas and a `store` by identity.
 */
export function fingerprint(options: object | null | undefined): string {
  return JSON.stringify(options ?? {}, (name, value: unknown) => {
    // A schema is an object too, with a library's insides: it is the one it is.
    if (typeof value == 'function' || (name == 'store' && value) || (value as { '~standard'?: unknown } | null)?.['~standard']) return identity(value as object);
    if (value && typeof value == 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return value;
  });
}
