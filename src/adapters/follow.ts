// What the React, Vue and Svelte adapters share, framework-free: where a source is (a URL with its options,
// or a typed stream), and following one event of it, every message folded in order into a value. Only the
// adapters import this, so the base entries load none of it.
import { bind } from '../controllers/binding.js';
import { fingerprint } from '../controllers/fingerprint.js';
import { sseStore, type SseStore } from '../store/store.js';
import type { SseStream, SseStreamMessage } from '../store/stream.js';
import type { ConnectionOptions, SseDecoder, SseError, SseEvents, SseMessage } from '../store/types.js';
import type { SseAdapterOptions } from './options.js';

/** Where an adapter reads: a URL (its data as text, with the options given beside it), or a typed stream. */
export type SseSourceOf = string | SseStream<SseEvents> | null | undefined;

/** The event names a source has: a stream's own, or any name for a URL. */
export type SseEventOf<S extends SseSourceOf> = S extends SseStream<infer E> ? keyof E & string : string;

/** A message of `event` from `source`, typed by the stream's definition; from a URL, its value is the data. */
export type SseMessageOf<S extends SseSourceOf, N extends string> = S extends SseStream<infer E> ? SseStreamMessage<E, N & keyof E> : SseMessage<string>;

/** How `useSseEvents` / `sseEvents` keep the messages: the newest `max` (default 100), newest last. */
export interface SseEventsOptions extends SseAdapterOptions {
  max?: number;
}

/** A source made concrete: what to hold, in which store, and how its event decodes. */
export interface Target {
  url: string;
  options: ConnectionOptions;
  store: SseStore;
  decoder: SseDecoder;
  /** The same text for targets that mean the same (an inline options literal each render). */
  signature: string;
}

/** The target of `event` of `source`; undefined for a null URL. A stream's own options and store win over `options`. */
export function targetOf(source: SseSourceOf, event: string, options: SseAdapterOptions | null | undefined): Target | undefined {
  if (!source) return undefined;
  const { store = sseStore, ...connection } = options ?? {};
  const target =
    typeof source == 'string'
      ? { url: source, options: connection, store, decoder: 'text' as const }
      : { url: source.url, options: source.options, store: source.store, decoder: source.events[event] ?? 'text' };
  return { ...target, signature: fingerprint(target) };
}

/** A followed event's value, and the last message its decoder rejected. */
export interface Followed<S> {
  state: S;
  error: SseError | undefined;
}

/** Folds each message of one event of a target into a value, in order, from `start()` to its release. */
export interface Fold<S> {
  /** The current value and error: the same object until one changes. */
  current(): Followed<S>;
  /** Holds the target and folds what comes; `changed` hears each change. Returns the release. */
  start(changed: () => void): () => void;
}

/** Appends a message to a list of the newest `max`, newest last. */
export const appendTo =
  <M>(max = 100) =>
  (list: readonly M[], message: M): M[] => {
    const kept = [...list, message];
    return kept.length > max ? kept.slice(kept.length - max) : kept;
  };

/**
 * Follows `event` of `target`, each message folded by `reducer` (read at each message, so a component may
 * pass a new function each render), each rejection kept as `error`. Nothing is held until `start()`.
 */
export function fold<S, M>(target: Target | undefined, event: string, reducer: () => (state: S, message: M) => S, initial: S): Fold<S> {
  let current: Followed<S> = { state: initial, error: undefined };
  return {
    current: () => current,
    start(changed) {
      if (!target) return () => {};
      const binding = bind(target.store, target.url, target.options, {
        events: { [event]: target.decoder },
        listener(message) {
          current = { ...current, state: reducer()(current.state, message as M) };
          changed();
        },
        onReject(error) {
          current = { ...current, error };
          changed();
        },
      });
      return binding.release;
    },
  };
}
