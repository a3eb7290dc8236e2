import type { SseStore } from '../store/store.js';
import type { ConnectionOptions } from '../store/types.js';

/** What the framework adapters take: the connection's options, and the store that holds it. */
export interface SseAdapterOptions extends ConnectionOptions {
  /** The store to hold the connection in; the page's shared `sseStore` by default (elements use it too). */
  store?: SseStore;
}

const ids = new WeakMap<object, string>();
let lastId = 0;
const identity = (value: object) => {
  let id = ids.get(value);
  if (id === undefined) ids.set(value, (id = `#${++lastId}`));
  return id;
};

/**
 * The same text for options that mean the same: frameworks re-run a component with a new options object
 * each time (an inline literal), and comparing by reference would release and retake the connection on
 * every render. Unset and `undefined` are alike, header records compare by their entries in any order;
 * functions (a `headers` maker) and the store compare by identity, as nothing else about them can be known.
 */
export function optionsKey(options: SseAdapterOptions | null | undefined): string {
  return JSON.stringify(options ?? {}, (name, value: unknown) => {
    if (typeof value == 'function' || (name == 'store' && value)) return identity(value as object);
    if (value && typeof value == 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return value;
  });
}
