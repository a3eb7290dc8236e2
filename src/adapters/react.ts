import { useEffect, useMemo, useRef, useSyncExternalStore, type DetailedHTMLProps, type HTMLAttributes } from 'react';
import { useStore } from 'zustand/react';
import type { SseFeed } from '../elements/sse-feed/sse-feed.js';
import type { SseElement } from '../elements/sse-element.js';
import type { SseSource } from '../elements/sse-source/sse-source.js';
import type { SseStatus } from '../elements/sse-status/sse-status.js';
import type { SseText } from '../elements/sse-text/sse-text.js';
import type { SseErrorEvent } from '../events/sse-error.js';
import type { SseMessageEvent } from '../events/sse-message.js';
import type { SseStateChangeEvent } from '../events/sse-state-change.js';
import { bind } from '../controllers/binding.js';
import { connectionKey } from '../store/key.js';
import { sseStore, type SseState } from '../store/store.js';
import type { SseStream, SseStreamMessage } from '../store/stream.js';
import type { ConnectionOptions, ConnectionState, SseError, SseEvents, SseMessage } from '../store/types.js';
import { appendTo, fold, targetOf, type SseEventOf, type SseEventsOptions, type SseMessageOf, type SseSourceOf, type Target } from './follow.js';
import type { SseAdapterOptions } from './options.js';

export type { SseAdapterOptions } from './options.js';
export type { SseEventOf, SseEventsOptions, SseMessageOf, SseSourceOf } from './follow.js';

/**
 * Holds `target`'s connection from mount to unmount and selects from the store's state. The effect re-runs
 * only when the target's meaning or the event changes, so an inline options literal keeps the connection;
 * StrictMode's mount–unmount–mount releases and retakes it in one task, and a connection outlives its last
 * holder to the end of the task, so the stream is never dropped and one holder is left.
 */
function useHeld<T>(target: Target | undefined, event: string | undefined, select: (state: SseState, key: string | undefined) => T): T {
  // The deps say when the effect's closure (this render's target) must replace the last one.
  useEffect(
    () => (target ? bind(target.store, target.url, target.options, { events: event ? { [event]: target.decoder } : {} }).release : undefined),
    [target?.signature, event],
  );
  const key = target ? connectionKey(target.url, target.options) : undefined;
  return useStore(target?.store ?? sseStore, (state) => select(state, key));
}

/**
 * Follows `event` of `source` from mount to unmount: every message folded in order by `reducer` (this render's:
 * it may be a new function each time), and the last rejected one kept. A new source or event starts over.
 */
function useFold<S, M>(source: SseSourceOf, event: string, options: SseAdapterOptions | undefined, reducer: (state: S, message: M) => S, initial: S) {
  const target = targetOf(source, event, options);
  const latest = useRef(reducer);
  latest.current = reducer;
  const signature = `${target?.signature} ${event}`;
  const followed = useMemo(() => fold(target, event, () => latest.current, initial), [signature]);
  return useSyncExternalStore(followed.start, followed.current, followed.current);
}

/**
 * The newest message of `event` (the stream's `event:` name; `message` when it sends none), or `undefined`
 * before the first one. The component re-renders only when a new message of that event arrives. The
 * connection is shared with every other holder of the URL (elements included) and held while the
 * component is mounted; a `null` URL holds nothing. With a typed stream, `value` is typed and validated.
 *
 * ```tsx
 * const tick = useSseEvent('/api/clock', 'tick');
 * return <p>{tick?.data ?? '…'}</p>;
 * ```
 */
export function useSseEvent<E extends SseEvents, N extends keyof E & string>(stream: SseStream<E> | null | undefined, event: N): SseStreamMessage<E, N> | undefined;
export function useSseEvent(url: string | null | undefined, event: string, options?: SseAdapterOptions): SseMessage | undefined;
export function useSseEvent(source: SseSourceOf, event: string, options?: SseAdapterOptions): SseMessage | undefined {
  const stream = typeof source == 'string' ? undefined : source;
  return useHeld(targetOf(source, event, options), event, (state, key) =>
    stream ? stream.latest(state, event) : key === undefined ? undefined : state.connections[key]?.latest[event],
  );
}

/**
 * The messages of `event` since the component mounted, the newest `max` (default 100), newest last: every
 * one, in order, however many come at once (a fetch stream's chunk brings many). A new source or event
 * starts an empty list.
 *
 * ```tsx
 * const prices = useSseEvents(pricesStream, 'price', { max: 5 });
 * return <ul>{prices.map((p) => <li key={p.lastEventId}>{p.value.symbol} {p.value.last}</li>)}</ul>;
 * ```
 */
export function useSseEvents<S extends SseSourceOf, N extends SseEventOf<S>>(source: S, event: N, options?: SseEventsOptions): SseMessageOf<S, N>[] {
  return useFold(source, event, options, appendTo<SseMessageOf<S, N>>(options?.max), []).state;
}

/**
 * Every message of `event` since mount folded in order into one value: `reducer(state, message)`, from
 * `initial` (a running total, a chat, an order book). Each message is folded once, so a reducer may not
 * even be pure; a new source or event starts again from `initial`.
 *
 * ```tsx
 * const total = useSseReduce(orders, 'order', (sum, order) => sum + order.value.amount, 0);
 * ```
 */
export function useSseReduce<S extends SseSourceOf, N extends SseEventOf<S>, T>(
  source: S,
  event: N,
  reducer: (state: T, message: SseMessageOf<S, N>) => T,
  initial: T,
  options?: SseAdapterOptions,
): T {
  return useFold(source, event, options, reducer, initial).state;
}

/**
 * The last message of `event` since mount that its decoder rejected, as an `SseError` (`parse`: not JSON;
 * `invalid`: not what the schema says, with its `issues`; with the message's `data`), or `undefined`.
 */
export function useSseError<S extends SseSourceOf>(source: S, event: SseEventOf<S>, options?: SseAdapterOptions): SseError | undefined {
  return useFold(source, event, options, (state: undefined) => state, undefined).error;
}

/**
 * The state of `url`'s connection (`state`, `error`, `attempt`, `retryAt`, …), held while the component
 * is mounted; `undefined` before the first commit and for a `null` URL. It changes with every message
 * batch too (`messageCount`, `lastEventAt`), so read one event with `useSseEvent` instead.
 */
export function useSseConnection(source: SseSourceOf, options?: SseAdapterOptions): ConnectionState | undefined {
  return useHeld(targetOf(source, '', options), undefined, (state, key) => (key === undefined ? undefined : state.connections[key]));
}

/** The connection options every element also takes as a property (`withCredentials`, `headers`, `once`, …). */
type ConnectionProps = Extract<keyof SseElement, keyof ConnectionOptions>;

/** Props every sse-kit element takes in JSX: React 19 sets them as properties, and `on<event>` listens. */
type SseElementProps<E extends SseElement> = DetailedHTMLProps<HTMLAttributes<E>, E> &
  Partial<Pick<E, ConnectionProps | 'src' | 'store' | 'stream'>> & {
    'onsse-state-change'?: (event: SseStateChangeEvent) => void;
    'onsse-error'?: (event: SseErrorEvent) => void;
  };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'sse-feed': SseElementProps<SseFeed> &
        Partial<Pick<SseFeed, 'event' | 'max' | 'json' | 'schema' | 'renderItem'>> & { 'onsse-message'?: (event: SseMessageEvent) => void };
      'sse-status': SseElementProps<SseStatus>;
      'sse-source': SseElementProps<SseSource>;
      'sse-text': SseElementProps<SseText> &
        Partial<Pick<SseText, 'event' | 'json' | 'schema' | 'field'>> & { 'onsse-message'?: (event: SseMessageEvent) => void };
    }
  }
}
