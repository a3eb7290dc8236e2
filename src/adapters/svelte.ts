import type { Readable } from 'svelte/store';
import { bind } from '../controllers/binding.js';
import { connectionKey } from '../store/key.js';
import { sseStore } from '../store/store.js';
import type { ConnectionState, SseMessage } from '../store/types.js';
import type { SseAdapterOptions } from './options.js';

export type { SseAdapterOptions } from './options.js';

/**
 * A Svelte store over a slice of one connection's state, holding the connection while it has
 * subscribers. Svelte's contract: a new subscriber gets the current value at once. Later changes are
 * passed on from a microtask, never from inside the zustand write: elements write to the store while
 * Svelte creates them (a block's effect), and a Svelte store set there throws `state_unsafe_mutation`.
 * Several writes in one task reach subscribers as one value.
 */
function held<T>(
  url: string | null | undefined,
  event: string | undefined,
  options: SseAdapterOptions | undefined,
  select: (connection: ConnectionState | undefined) => T | undefined,
): Readable<T | undefined> {
  const { store = sseStore, ...connection } = options ?? {};
  const key = url ? connectionKey(url, connection) : undefined;
  const read = () => select(key === undefined ? undefined : store.getState().connections[key]);
  const subscribers = new Set<{ run: (value: T | undefined) => void }>();
  let value: T | undefined;
  let stop: (() => void) | undefined;
  let queued = false;
  const deliver = () => {
    queued = false;
    const next = read();
    if (!stop || Object.is(next, value)) return;
    value = next;
    for (const subscriber of [...subscribers]) if (subscribers.has(subscriber)) subscriber.run(next);
  };
  const changed = () => {
    if (!queued) queueMicrotask(deliver);
    queued = true;
  };
  const start = () => {
    // Without a URL it holds nothing, and its value stays undefined.
    const binding = url ? bind(store, url, connection, { events: event ? [event] : [], changed }) : undefined;
    value = read();
    stop = () => {
      stop = undefined;
      binding?.release();
    };
  };
  return {
    subscribe(run) {
      // An object per subscription, so one function subscribed twice is two subscribers, as in svelte/store.
      const subscriber = { run };
      if (!stop) start();
      subscribers.add(subscriber);
      run(value);
      return () => {
        if (!subscribers.delete(subscriber) || subscribers.size) return;
        stop?.();
      };
    },
  };
}

/**
 * A readable store of the newest message of `event` on `url` (`undefined` before the first): `$tick` in
 * a component. It holds the connection while it has subscribers (a component using `$tick` subscribes on
 * mount and unsubscribes on destroy) and shares it with every other holder of the URL, elements included.
 *
 * ```svelte
 * <script>
 *   import { sseEvent } from 'sse-kit/svelte';
 *   const tick = sseEvent('/api/clock', 'tick');
 * </script>
 * <p>{$tick?.data ?? '…'}</p>
 * ```
 */
export function sseEvent(url: string | null | undefined, event: string, options?: SseAdapterOptions): Readable<SseMessage | undefined> {
  return held(url, event, options, (connection) => connection?.latest[event]);
}

/**
 * A readable store of the state of `url`'s connection (`state`, `error`, `attempt`, …), holding it like
 * `sseEvent`. It changes with every message batch too (`messageCount`), so read one event with
 * `sseEvent` instead.
 */
export function sseConnection(url: string | null | undefined, options?: SseAdapterOptions): Readable<ConnectionState | undefined> {
  return held(url, undefined, options, (connection) => connection);
}
