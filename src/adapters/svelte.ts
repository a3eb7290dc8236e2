import type { Readable } from 'svelte/store';
import { bind } from '../controllers/binding.js';
import { connectionKey } from '../store/key.js';
import type { SseState } from '../store/store.js';
import type { SseStream, SseStreamMessage } from '../store/stream.js';
import type { ConnectionState, SseError, SseEvents, SseMessage } from '../store/types.js';
import { appendTo, fold, targetOf, type Followed, type SseEventOf, type SseEventsOptions, type SseMessageOf, type SseSourceOf } from './follow.js';
import type { SseAdapterOptions } from './options.js';

export type { SseAdapterOptions } from './options.js';
export type { SseEventOf, SseEventsOptions, SseMessageOf, SseSourceOf } from './follow.js';

/**
 * A Svelte store over what `start` follows, while it has subscribers. Svelte's contract: a new subscriber
 * gets the current value at once. Later changes are passed on from a microtask, never from inside the
 * zustand write: elements write to the store while Svelte creates them (a block's effect), and a Svelte
 * store set there throws `state_unsafe_mutation`. Several changes in one task reach subscribers as one value.
 */
function readable<T>(read: () => T, start: (changed: () => void) => () => void): Readable<T> {
  const subscribers = new Set<{ run: (value: T) => void }>();
  let value: T;
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
  return {
    subscribe(run) {
      // An object per subscription, so one function subscribed twice is two subscribers, as in svelte/store.
      const subscriber = { run };
      if (!stop) {
        const release = start(changed);
        value = read();
        stop = () => {
          stop = undefined;
          release();
        };
      }
      subscribers.add(subscriber);
      run(value);
      return () => {
        if (!subscribers.delete(subscriber) || subscribers.size) return;
        stop?.();
      };
    },
  };
}

/** A store over a slice of the store's state for `source`'s connection, holding it (and `event`) while subscribed. */
function held<T>(source: SseSourceOf, event: string, options: SseAdapterOptions | undefined, select: (state: SseState, key: string) => T | undefined) {
  const target = targetOf(source, event, options);
  const key = target && connectionKey(target.url, target.options);
  return readable(
    () => (target ? select(target.store.getState(), key!) : undefined),
    // Without a URL it holds nothing, and its value stays undefined.
    (changed) => (target ? bind(target.store, target.url, target.options, { events: event ? { [event]: target.decoder } : {}, changed }).release : () => {}),
  );
}

/** A store of what a fold of `event` of `source` made, folding from its first subscriber to its last. */
function folded<S, M, T>(source: SseSourceOf, event: string, options: SseAdapterOptions | undefined, reducer: (state: S, message: M) => S, initial: () => S, pick: (followed: Followed<S>) => T) {
  let followed = fold(targetOf(source, event, options), event, () => reducer, initial());
  return readable(
    () => pick(followed.current()),
    (changed) => {
      // Each time it is followed anew, it starts over.
      followed = fold(targetOf(source, event, options), event, () => reducer, initial());
      return followed.start(changed);
    },
  );
}

/**
 * A readable store of the newest message of `event` on `source` (a URL, or a typed stream: then `value` is
 * typed and validated), `undefined` before the first: `$tick` in a component. It holds the connection while it
 * has subscribers (a component using `$tick` subscribes on mount and unsubscribes on destroy) and shares it
 * with every other holder of the URL, elements included.
 *
 * ```svelte
 * <script>
 *   import { sseEvent } from 'sse-kit/svelte';
 *   const tick = sseEvent('/api/clock', 'tick');
 * </script>
 * <p>{$tick?.data ?? '…'}</p>
 * ```
 */
export function sseEvent<E extends SseEvents, N extends keyof E & string>(stream: SseStream<E> | null | undefined, event: N): Readable<SseStreamMessage<E, N> | undefined>;
export function sseEvent(url: string | null | undefined, event: string, options?: SseAdapterOptions): Readable<SseMessage | undefined>;
export function sseEvent(source: SseSourceOf, event: string, options?: SseAdapterOptions): Readable<SseMessage | undefined> {
  const stream = typeof source == 'string' ? undefined : source;
  return held(source, event, options, (state, key) => (stream ? stream.latest(state, event) : state.connections[key]?.latest[event]));
}

/** A readable store of the messages of `event` while subscribed, the newest `max` (default 100), newest last: every one, in order. */
export function sseEvents<S extends SseSourceOf, N extends SseEventOf<S>>(source: S, event: N, options?: SseEventsOptions): Readable<SseMessageOf<S, N>[]> {
  return folded(source, event, options, appendTo<SseMessageOf<S, N>>(options?.max), () => [], (followed) => followed.state);
}

/** A readable store of every message of `event` folded in order into one value (`reducer(state, message)` from `initial`), while subscribed. */
export function sseReduce<S extends SseSourceOf, N extends SseEventOf<S>, T>(
  source: S,
  event: N,
  reducer: (state: T, message: SseMessageOf<S, N>) => T,
  initial: T,
  options?: SseAdapterOptions,
): Readable<T> {
  return folded(source, event, options, reducer, () => initial, (followed) => followed.state);
}

/** A readable store of the last message of `event` its decoder rejected (`parse`, `invalid`), as an `SseError`, while subscribed. */
export function sseError<S extends SseSourceOf>(source: S, event: SseEventOf<S>, options?: SseAdapterOptions): Readable<SseError | undefined> {
  return folded(source, event, options, (state: undefined) => state, () => undefined, (followed) => followed.error);
}

/**
 * A readable store of the state of `source`'s connection (`state`, `error`, `attempt`, …), holding it like
 * `sseEvent`. It changes with every message batch too (`messageCount`), so read one event with `sseEvent`
 * instead.
 */
export function sseConnection(source: SseSourceOf, options?: SseAdapterOptions): Readable<ConnectionState | undefined> {
  return held(source, '', options, (state, key) => state.connections[key]);
}
