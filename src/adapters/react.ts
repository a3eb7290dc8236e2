import { useEffect, type DetailedHTMLProps, type HTMLAttributes } from 'react';
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
import { fingerprint } from '../controllers/fingerprint.js';
import { connectionKey } from '../store/key.js';
import { sseStore } from '../store/store.js';
import type { ConnectionOptions, ConnectionState, SseMessage } from '../store/types.js';
import type { SseAdapterOptions } from './options.js';

export type { SseAdapterOptions } from './options.js';

/**
 * Holds `url`'s connection from mount to unmount and selects from its state. The effect re-runs only when
 * the URL, `extra` (the event name) or the options' meaning changes, so an inline options literal keeps the
 * connection; StrictMode's mount–unmount–mount releases and retakes it in one task, and a connection
 * outlives its last holder to the end of the task, so the stream is never dropped and one holder is left.
 */
function useHeld<T>(
  url: string | null | undefined,
  event: string | undefined,
  options: SseAdapterOptions | undefined,
  select: (connection: ConnectionState | undefined) => T,
): T {
  const { store = sseStore, ...connection } = options ?? {};
  // The deps say when the effect's closure (this render's options) must replace the last one.
  useEffect(
    () => (url ? bind(store, url, connection, { events: event ? [event] : [] }).release : undefined),
    [url, event, fingerprint(options)],
  );
  const key = url ? connectionKey(url, connection) : undefined;
  return useStore(store, (state) => select(key === undefined ? undefined : state.connections[key]));
}

/**
 * The newest message of `event` on `url` (the stream's `event:` name; `message` when it sends none), or
 * `undefined` before the first one. The component re-renders only when a new message of that event
 * arrives. The connection is shared with every other holder of the same URL (elements included) and held
 * while the component is mounted; a `null` URL holds nothing.
 *
 * ```tsx
 * const tick = useSseEvent('/api/clock', 'tick');
 * return <p>{tick?.data ?? '…'}</p>;
 * ```
 */
export function useSseEvent(url: string | null | undefined, event: string, options?: SseAdapterOptions): SseMessage | undefined {
  return useHeld(url, event, options, (c) => c?.latest[event]);
}

/**
 * The state of `url`'s connection (`state`, `error`, `attempt`, `retryAt`, …), held while the component
 * is mounted; `undefined` before the first commit and for a `null` URL. It changes with every message
 * batch too (`messageCount`, `lastEventAt`), so read one event with `useSseEvent` instead.
 */
export function useSseConnection(url: string | null | undefined, options?: SseAdapterOptions): ConnectionState | undefined {
  return useHeld(url, undefined, options, (c) => c);
}

/** The connection options every element also takes as a property (`withCredentials`, `headers`, `once`, …). */
type ConnectionProps = Extract<keyof SseElement, keyof ConnectionOptions>;

/** Props every sse-kit element takes in JSX: React 19 sets them as properties, and `on<event>` listens. */
type SseElementProps<E extends SseElement> = DetailedHTMLProps<HTMLAttributes<E>, E> &
  Partial<Pick<E, ConnectionProps | 'src' | 'store'>> & {
    'onsse-state-change'?: (event: SseStateChangeEvent) => void;
    'onsse-error'?: (event: SseErrorEvent) => void;
  };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'sse-feed': SseElementProps<SseFeed> &
        Partial<Pick<SseFeed, 'event' | 'max' | 'json' | 'renderItem'>> & { 'onsse-message'?: (event: SseMessageEvent) => void };
      'sse-status': SseElementProps<SseStatus>;
      'sse-source': SseElementProps<SseSource>;
      'sse-text': SseElementProps<SseText> &
        Partial<Pick<SseText, 'event' | 'json' | 'field'>> & { 'onsse-message'?: (event: SseMessageEvent) => void };
    }
  }
}
