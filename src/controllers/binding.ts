import { connectionKey } from '../store/key.js';
import type { SseStore } from '../store/store.js';
import type { ConnectionOptions, ConnectionState, Release, SseError, SseEvents, SseListener } from '../store/types.js';

/** What a holder wants of its connection: the events it reads (none: it only keeps it open), and word of each change. */
export interface BindingOptions {
  /** Event names (read as text), or names with their decoders. */
  events?: readonly string[] | SseEvents;
  /** Gets each message of `events`; without one, the names are still subscribed (their `latest` is kept). */
  listener?: SseListener;
  /** Gets each message of `events` that its decoder rejected (`parse`, `invalid`). */
  onReject?: (error: SseError) => void;
  /** Called after every write of the store while bound; `connection` is this connection's state (undefined once gone). */
  changed?: (connection: ConnectionState | undefined) => void;
}

/** One holder's hold on one connection. */
export interface Binding {
  /** The connection's key, to read it in the store's state. */
  readonly key: string;
  release: Release;
}

const ignore = () => {};

/**
 * Binds a holder (an element, a component, a framework store) to `url`'s connection in `store`: holds it,
 * follows its state, and lets go of both at `release()`. Every element (`SseController`) and every
 * framework adapter holds its connection through this.
 */
export function bind(store: SseStore, url: string, options: ConnectionOptions, { events = [], listener, onReject, changed }: BindingOptions = {}): Binding {
  const key = connectionKey(url, options);
  const state = store.getState();
  const release = Object.keys(events).length ? state.listen(url, events, listener ?? ignore, { ...options, onReject }) : state.retain(url, options);
  const unsubscribe = changed && store.subscribe((next) => changed(next.connections[key]));
  return {
    key,
    release() {
      unsubscribe?.();
      release();
    },
  };
}
