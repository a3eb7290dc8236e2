import type { SseStore } from '../store/store.js';
import type { ConnectionOptions } from '../store/types.js';

/** What the framework adapters take: the connection's options, and the store that holds it. */
export interface SseAdapterOptions extends ConnectionOptions {
  /** The store to hold the connection in; the page's shared `sseStore` by default (elements use it too). */
  store?: SseStore;
}
