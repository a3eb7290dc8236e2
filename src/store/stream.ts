import { decodedBy } from './decode.js';
import { connectionKey } from './key.js';
import { sseStore, type SseState, type SseStore } from './store.js';
import type { ConnectionOptions, Release, SseError, SseEvents, SseMessage, SseValueOf } from './types.js';

/** A stream's connection options, and the store that holds it (the page's `sseStore` by default). */
export interface SseStreamOptions extends ConnectionOptions {
  store?: SseStore;
}

/** A message of one of a stream's events: `type` names the event, and narrows `value` to that event's type. */
export type SseStreamMessage<E extends SseEvents, N extends keyof E = keyof E> = {
  [K in N]: SseMessage<SseValueOf<E[K]>> & { type: K };
}[N];

/**
 * A typed definition of one stream: its URL, its options, and how each event's data becomes a value. It
 * holds nothing by itself: `listen` and `retain` hold its connection (shared with every other holder of the
 * URL) until released, and elements and framework adapters take it in place of a URL.
 */
export interface SseStream<E extends SseEvents = SseEvents> {
  readonly url: string;
  /** The connection's key (`connectionKey(url, options)`), to read its state. */
  readonly key: string;
  readonly options: Readonly<ConnectionOptions>;
  readonly store: SseStore;
  /** Each event's decoder, as defined. */
  readonly events: E;
  /**
   * Delivers every message of `event` (or events) in order, its `value` decoded; one its decoder rejects
   * (`parse`, `invalid`) goes to `onReject` and the store's `onError` instead. Holds the connection until released.
   */
  listen<N extends keyof E & string>(event: N | readonly N[], listener: (message: SseStreamMessage<E, N>) => void, onReject?: (error: SseError) => void): Release;
  /** Holds the connection without listening. */
  retain(): Release;
  /** Tries again now, resetting the backoff. */
  reconnect(): void;
  /**
   * The newest message of `event` in `state` (the store's), typed; undefined before one, or when the
   * connection's `latest` holds another decoder's (a second definition of the same event, read first).
   */
  latest<N extends keyof E & string>(state: SseState, event: N): SseStreamMessage<E, N> | undefined;
}

/**
 * Defines a typed stream: `events` maps each event name to how its data becomes a value, a Standard Schema
 * (zod, valibot, arktype, …: parsed as JSON, then validated), `'json'`, `'text'`, or a function
 * `(data, message) => value`. The store decodes each message once for every holder.
 *
 * ```ts
 * const prices = defineStream('/api/prices', { price: z.object({ symbol: z.string(), last: z.number() }) });
 * prices.listen('price', ({ value }) => console.log(value.symbol, value.last));
 * ```
 */
export function defineStream<const E extends SseEvents>(url: string, events: E, { store = sseStore, ...options }: SseStreamOptions = {}): SseStream<E> {
  const key = connectionKey(url, options);
  return {
    url,
    key,
    options,
    store,
    events,
    listen(event, listener, onReject) {
      const names: readonly string[] = typeof event == 'string' ? [event] : event;
      const decoders = Object.fromEntries(names.map((name) => [name, events[name]]));
      return store.getState().listen(url, decoders, listener as (message: SseMessage) => void, { ...options, onReject });
    },
    retain: () => store.getState().retain(url, options),
    reconnect: () => store.getState().reconnect(url, options),
    latest(state, event) {
      const latest = state.connections[key]?.latest;
      return decodedBy(latest, event, events[event]) ? (latest![event] as SseStreamMessage<E, typeof event>) : undefined;
    },
  };
}
