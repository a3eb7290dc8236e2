import { createStore, type StoreApi } from 'zustand/vanilla';
import { DEFAULT_BACKOFF } from './backoff.js';
import { deliver, listen, mergeOptions } from './holders.js';
import { connectionKey, keyOf, resolveUrl, transportOf } from './key.js';
import { createLifecycle, type LifecycleConfig, type StateWriter } from './lifecycle.js';
import { tapsOf, type SseTap } from './tap.js';
import { lazyTransport, type SseTransport } from './transport.js';
import { eventSourceTransport } from './transports/eventsource.js';
import type {
  BackoffOptions,
  ConnectionOptions,
  ConnectionState,
  Release,
  SseError,
  SseListener,
  SseMessage,
  SseTransportName,
} from './types.js';

/** The fetch transport and its parser load on a page's first fetch connection, not before. */
const fetchTransport = lazyTransport(
  () => import('./transports/fetch.js').then((module) => module.fetchTransport),
  () => typeof fetch == 'function',
);

export interface SseState {
  /** Every connection someone holds, by `connectionKey`. Released connections are removed. */
  connections: Record<string, ConnectionState>;
  /** Delivers every message of the named event(s) on `url`, in order, once each; holds the connection until released. */
  listen(url: string, events: string | readonly string[], listener: SseListener, options?: ConnectionOptions): Release;
  /** Holds the connection without listening, e.g. for a status badge. */
  retain(url: string, options?: ConnectionOptions): Release;
  /** Tries again now, resetting the backoff. */
  reconnect(url: string, options?: ConnectionOptions): void;
  /**
   * `reconnect` for the connection `key` (a key of `connections`): for tools that have the key, not the
   * options it was made from (a fetch request's body and header names are in the key, not in the state).
   */
  reconnectKey(key: string): void;
}

export type SseStore = StoreApi<SseState>;

export interface SseStoreConfig {
  /** How connections are made, by `ConnectionOptions.transport`: the browser's EventSource, and fetch (loaded on first use). */
  transports?: Partial<Record<SseTransportName, SseTransport>>;
  /** The `eventsource` transport alone (same as `transports.eventsource`). */
  transport?: SseTransport;
  /** Backoff after fatal errors; defaults: base 1000 ms, factor 2, cap 30000 ms, maxRetries Infinity. */
  backoff?: Partial<BackoffOptions>;
  /** Milliseconds a connection outlives its last holder; 0 keeps it to the end of the current task. */
  linger?: number;
  /** Receives errors that are not a connection's state (a throwing listener). Defaults to console.error. */
  onError?: (error: SseError, key: string) => void;
  /** Source of randomness for the jitter (tests make it deterministic). */
  random?: () => number;
}

/** Makes an independent store: one per page is the point, but tests and micro-frontends may want their own. */
export function createSseStore(config: SseStoreConfig = {}): SseStore {
  const taps = new Set<SseTap>();
  const store = createStore<SseState>()((set, get) => {
    const write = (key: string, change: Partial<ConnectionState> | null | ((state: ConnectionState) => Partial<ConnectionState>)) => {
      const connections = { ...get().connections };
      const current = connections[key];
      if (!change) delete connections[key];
      // A change to a connection that is gone (a late batch) is dropped; only a full state creates one.
      else if (current || 'key' in change) connections[key] = { ...current, ...(typeof change == 'function' ? change(current) : change) };
      set({ connections });
    };
    /** Messages not yet in the state: a task's messages (one network chunk, often many) make one write. */
    let batch: Map<string, SseMessage[]> | undefined;
    const flush = () => {
      const pending = batch!;
      // Taken first, so a message recorded while this batch is written starts the next one.
      batch = undefined;
      pending.forEach((messages, key) =>
        write(key, ({ latest, messageCount }) => {
          latest = { ...latest };
          for (const message of messages) latest[message.type] = message;
          const { lastEventId, receivedAt } = messages[messages.length - 1];
          return { latest, lastEventId, lastEventAt: receivedAt, messageCount: messageCount + messages.length };
        }),
      );
    };
    const lifecycleConfig: LifecycleConfig = {
      transports: {
        eventsource: config.transport ?? eventSourceTransport,
        fetch: fetchTransport,
        ...config.transports,
      },
      backoff: { ...DEFAULT_BACKOFF, ...config.backoff },
      linger: config.linger ?? 0,
      random: config.random ?? Math.random,
      onError: config.onError ?? ((error) => console.error(`[sse-kit] ${error.message}`)),
    };
    const writer: StateWriter = {
      write,
      record(key, message) {
        if (taps.size) taps.forEach((tap) => tap({ key, message }));
        if (!batch) queueMicrotask(flush);
        batch ??= new Map();
        batch.get(key)?.push(message) ?? batch.set(key, [message]);
      },
    };
    const lifecycle = createLifecycle(lifecycleConfig, writer);
    // `shared`: the cross-tab code (src/shared/) loads on the first shared hold. Without Web Locks or
    // BroadcastChannel, or if it cannot load, a shared connection is this tab's own: the same API, no error.
    let hub: Promise<Pick<typeof lifecycle, 'hold' | 'reconnect'>> | undefined;
    const sharing = (options: ConnectionOptions) =>
      options.shared && globalThis.BroadcastChannel && globalThis.navigator?.locks
        ? (hub ??= import('../shared/hub.js')
            .then((module) =>
              module.createHub(lifecycleConfig, writer, (key) => get().connections[key], [
                createLifecycle,
                listen,
                deliver,
                mergeOptions,
                keyOf,
                resolveUrl,
                transportOf,
              ]),
            )
            .catch(() => lifecycle))
        : undefined;
    const hold = (url: string, options: ConnectionOptions, events: readonly string[], listener: SseListener | null): Release => {
      const shared = sharing(options);
      if (!shared) return lifecycle.hold(url, options, events, listener);
      // 0: released before the code loaded, so it never holds.
      let release: Release | 0 | undefined;
      void shared.then((to) => (release ??= to.hold(url, options, events, listener)));
      return () => (release ? release() : (release = 0));
    };
    return {
      connections: {},
      listen: (url, events, listener, options = {}) => hold(url, options, typeof events == 'string' ? [events] : events, listener),
      retain: (url, options = {}) => hold(url, options, [], null),
      reconnect(url, options = {}) {
        const key = connectionKey(url, options);
        const shared = sharing(options);
        if (shared) void shared.then((to) => to.reconnect(key));
        else lifecycle.reconnect(key);
      },
      reconnectKey(key) {
        // A connection made through the hub says so by its role (leader or follower); `local` is this tab's own.
        const role = get().connections[key]?.role;
        if (hub && role && role !== 'local') void hub.then((to) => to.reconnect(key));
        else lifecycle.reconnect(key);
      },
    };
  });
  tapsOf.set(store, taps);
  return store;
}

/** The page's shared store: every element and any framework's code read and hold connections here. */
export const sseStore: SseStore = createSseStore();
