// Records what one connection does, for the fault and transport tests: its messages, every state it went
// through and every error, as seen from the store's public state.
import { expect } from '@open-wc/testing';
import {
  connectionKey,
  createSseStore,
  type ConnectionOptions,
  type ConnectionState,
  type SseMessage,
  type SseStore,
  type SseStoreConfig,
} from '../../src/store/index.js';

export interface Watched {
  messages: SseMessage[];
  /** Every state the connection went through, in order (consecutive repeats dropped). */
  states: string[];
  errors: string[];
  /** The message of each error type seen. */
  said: Record<string, string>;
  /** The HTTP status of each error that had one, in order. */
  statuses: number[];
  /**
   * Each retry the store scheduled: `at` is `Date.now()` in the state write that set `retryAt` (a listener
   * runs in the same task), so `retryAt - at` is the delay chosen, however late the test looks at it.
   */
  retries: { at: number; retryAt: number }[];
  connection(): ConnectionState;
  /** What it saw so far, for a failure message: states, errors, ids and requests. */
  summary(): string;
  release(): void;
}

/** Every watch made since the last `releaseAndCheck()`. */
const watching: Watched[] = [];

/** Listens to `url` and records its messages, states and error types. */
export function watch(store: SseStore, url: string, options: ConnectionOptions = {}, events = ['message']): Watched {
  const messages: SseMessage[] = [];
  const key = connectionKey(url, options);
  const release = store.getState().listen(url, events, (message) => messages.push(message), options);
  const states: string[] = [];
  const errors: string[] = [];
  const statuses: number[] = [];
  const said: Record<string, string> = {};
  const retries: Watched['retries'] = [];
  let lastError: ConnectionState['error'] = null;
  const record = (connection: ConnectionState | undefined) => {
    if (!connection) return;
    if (states.at(-1) !== connection.state) states.push(connection.state);
    if (connection.retryAt !== null && connection.retryAt !== retries.at(-1)?.retryAt) retries.push({ at: Date.now(), retryAt: connection.retryAt });
    const { error } = connection;
    if (error && error !== lastError) {
      if (errors.at(-1) !== error.type) errors.push(error.type);
      said[error.type] = error.message;
      if (error.status !== undefined) statuses.push(error.status);
    }
    lastError = error;
  };
  record(store.getState().connections[key]);
  const unsubscribe = store.subscribe((state) => record(state.connections[key]));
  const watched: Watched = {
    messages,
    states,
    errors,
    said,
    statuses,
    retries,
    connection: () => store.getState().connections[key],
    summary: () => summarize(watched),
    release() {
      unsubscribe();
      release();
    },
  };
  watching.push(watched);
  return watched;
}

export const ids = (messages: SseMessage[]) => messages.map((message) => message.lastEventId);

/** A short account of a watch, for failure messages: "states connecting → open, errors [], 7 messages (ids 1…7)". */
function summarize(watched: Watched): string {
  const seen = ids(watched.messages);
  const shown = seen.length > 12 ? `${seen.slice(0, 5).join(' ')} … ${seen.slice(-5).join(' ')}` : seen.join(' ');
  const errors = watched.errors.map((type) => `${type} ("${watched.said[type]}")`).join(', ');
  const { states } = watched;
  const path = states.length > 12 ? `${states.slice(0, 4).join(' → ')} → … (${states.length - 8} more) → ${states.slice(-4).join(' → ')}` : states.join(' → ');
  return `states ${path}, errors [${errors}], ${seen.length} messages (ids ${shown || 'none'})`;
}
export const range = (from: number, to: number, prefix = '') =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

const made: SseStore[] = [];

/** A store with a short backoff and quiet errors, remembered so the test's afterEach can check it was left empty. */
export function fastStore(config: SseStoreConfig = {}): SseStore {
  const store = createSseStore({ backoff: { base: 40, cap: 200 }, onError: () => {}, ...config });
  made.push(store);
  return store;
}

/** The stores `fastStore` made since the last call. */
export const madeStores = () => made.splice(0);

/**
 * For a test's afterEach: a failed test still releases what it watched (releasing twice is a no-op), then
 * no store `fastStore` made may have a connection left.
 */
export async function releaseAndCheck(): Promise<void> {
  for (const watched of watching.splice(0)) watched.release();
  await new Promise((resolve) => setTimeout(resolve, 0));
  for (const store of madeStores()) expect(store.getState().connections).to.deep.equal({});
}
