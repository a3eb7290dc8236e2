import { createStore, type StoreApi } from 'zustand/vanilla';
import { DEFAULT_BACKOFF } from './backoff.js';
import { messageOf } from './errors.js';
import { connectionKey, transportOf } from './key.js';
import { createLifecycle, type LifecycleConfig } from './lifecycle.js';
import type { Wanted } from './holders.js';
import type { Persistence } from './persist.js';
import { oneShot } from './phases.js';
import { createRegistry, type DriverFactory, type RegistryConfig } from './registry.js';
import { tapsOf, type SseTap } from './tap.js';
import { lazyTransport, type SseTransport } from './transport.js';
import { eventSourceTransport } from './transports/eventsource.js';
import type {
  BackoffOptions,
  ConnectionOptions,
  ConnectionState,
  Release,
  SseError,
  SseEvents,
  SseListener,
  SseListenOptions,
  SseStorage,
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
  /**
   * Delivers every message of the named event(s) on `url`, in order, once each; holds the connection until
   * released. `events` is a name, names, or names with their decoders (`{ price: PriceSchema, note: 'text' }`):
   * each message's `value` is its data so decoded, once for every holder, and one its decoder rejects goes to
   * `options.onReject` and the store's `onError` instead of the listener.
   */
  listen(url: string, events: string | readonly string[] | SseEvents, listener: SseListener, options?: SseListenOptions): Release;
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
  /** Receives errors that are not a connection's state: a throwing listener, a message rejected by its decoder (`parse`, `invalid`). Defaults to console.error. */
  onError?: (error: SseError, key: string) => void;
  /** Source of randomness for the jitter (tests make it deterministic). */
  random?: () => number;
  /** Where `persist` keeps what it saves: `sessionStorage` by default (per tab: it survives reloads and back/forward). */
  storage?: SseStorage;
  /**
   * Ms a saved id (and what elements saved) is used after the page that saved it went away: default 600000
   * (10 minutes). Long enough for a reload, a deploy's refresh or a trip back and forth; a tab reopened later
   * starts from now rather than ask a server to replay what its buffer has long dropped.
   */
  persistFor?: number;
}

let warned = false;
/** Says once per page why a `shared` connection stays this tab's own. */
function warnUnshared(): undefined {
  if (warned) return;
  warned = true;
  console.warn("[sse-kit] A shared connection with a headers function stays this tab's own until it has an `identity`");
}

/** Each store's persistence, loaded on its first use: a `persist` hold, or an element that keeps what it shows. */
const persistences = new WeakMap<SseStore, () => Promise<Persistence | undefined>>();

/** `store`'s persistence (loading it), for elements that keep what they show; undefined where it cannot load. */
export const persistenceOf = (store: SseStore): Promise<Persistence | undefined> => persistences.get(store)?.() ?? Promise.resolve(undefined);

/** Whether a change alters a connection's state: a write that changes nothing notifies nobody. */
const changes = (current: ConnectionState, change: Partial<ConnectionState>) =>
  Object.keys(change).some((name) => current[name as keyof ConnectionState] !== change[name as keyof ConnectionState]);

/** Makes an independent store: one per page is the point, but tests and micro-frontends may want their own. */
export function createSseStore(config: SseStoreConfig = {}): SseStore {
  const taps = new Set<SseTap>();
  let persistence: Promise<Persistence | undefined> | undefined;
  /**
   * Loads `persist` once, and it sets the registry's resume hook (a hold with `persist` waits for it). Where it
   * cannot load (a chunk the network failed to fetch), connections work on without it, and it says so.
   */
  const persisting = () =>
    (persistence ??= import('./persist.js').then(
      (module) => module.createPersistence(registryConfig, config, { oneShot, transportOf }),
      (error: unknown) => void registryConfig.onError({ type: 'storage', message: `persist could not load: ${messageOf(error)}` }, ''),
    ));
  // Set as the store is made (its state is made at once).
  let registryConfig: RegistryConfig;
  const store = createStore<SseState>()((set, get) => {
    const write: RegistryConfig['write'] = (key, change) => {
      const current = get().connections[key];
      if (!change) {
        if (!current) return;
        const connections = { ...get().connections };
        delete connections[key];
        return set({ connections });
      }
      // A change to a connection that is gone (a late batch) is dropped; only a full state creates one.
      if (!current && (typeof change == 'function' || !('key' in change))) return;
      const next = typeof change == 'function' ? change(current) : change;
      if (current && !changes(current, next)) return;
      set({ connections: { ...get().connections, [key]: { ...current, ...next } } });
    };
    const lifecycle: LifecycleConfig = {
      transports: { eventsource: config.transport ?? eventSourceTransport, fetch: fetchTransport, ...config.transports },
      backoff: { ...DEFAULT_BACKOFF, ...config.backoff },
      random: config.random ?? Math.random,
    };
    registryConfig = {
      read: (key) => get().connections[key],
      write,
      linger: config.linger ?? 0,
      onError: config.onError ?? ((error) => console.error(`[sse-kit] ${error.message}`)),
      taps,
    };
    const registry = createRegistry(registryConfig);
    const local: DriverFactory = { role: 'local', drive: (connection) => createLifecycle(connection, lifecycle) };
    // `shared`: the cross-tab code (src/shared/) loads on the first shared hold. Without Web Locks or
    // BroadcastChannel, or if it cannot load, a shared connection is this tab's own: the same API, no error.
    let hub: Promise<DriverFactory> | undefined;
    const sharing = (options: ConnectionOptions) => {
      if (!options.shared || !globalThis.BroadcastChannel || !globalThis.navigator?.locks) return undefined;
      // Whose token a headers function makes is unknown until it runs: another tab may be another account.
      if (typeof options.headers == 'function' && options.identity === undefined) return warnUnshared();
      return (hub ??= import('../shared/hub.js')
        .then((module) => module.createHub((connection, leading) => createLifecycle(connection, lifecycle, leading)))
        .catch(() => local));
    };
    /** What a hold waits for: the cross-tab code for `shared`, `persist` (which reads the saved id); undefined: nothing. */
    const loading = (options: ConnectionOptions) => {
      const shared = sharing(options);
      return options.persist ? persisting().then(() => shared ?? local) : shared;
    };
    const hold = (url: string, options: ConnectionOptions, wanted: Wanted): Release => {
      const loaded = loading(options);
      if (!loaded) return registry.hold(url, options, wanted, local);
      // 0: released before the code loaded, so it never holds.
      let release: Release | 0 | undefined;
      void loaded.then((factory) => (release ??= registry.hold(url, options, wanted, factory)));
      return () => (release ? release() : (release = 0));
    };
    return {
      connections: {},
      listen(url, events, listener, { onReject, ...options } = {}) {
        const names = typeof events == 'string' ? [events] : events;
        // Names alone are read as text.
        const decoders = Array.isArray(names) ? Object.fromEntries(names.map((name: string) => [name, 'text' as const])) : (names as SseEvents);
        return hold(url, options, { events: decoders, listener, onReject });
      },
      retain: (url, options = {}) => hold(url, options, { events: {}, listener: null }),
      reconnect(url, options = {}) {
        const key = connectionKey(url, options);
        const loaded = loading(options);
        if (loaded) void loaded.then(() => registry.reconnect(key));
        else registry.reconnect(key);
      },
      // A connection in the state is in the registry, this tab's own or `shared`: its driver knows which.
      reconnectKey: (key) => registry.reconnect(key),
    };
  });
  tapsOf.set(store, taps);
  persistences.set(store, persisting);
  return store;
}

/** The page's shared store: every element and any framework's code read and hold connections here. */
export const sseStore: SseStore = createSseStore();
