import { computed, shallowReadonly, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue';
import { bind } from '../controllers/binding.js';
import { connectionKey } from '../store/key.js';
import type { SseState } from '../store/store.js';
import type { SseStream, SseStreamMessage } from '../store/stream.js';
import type { ConnectionState, SseError, SseEvents, SseMessage } from '../store/types.js';
import { appendTo, fold, targetOf, type Followed, type SseEventOf, type SseEventsOptions, type SseMessageOf, type SseSourceOf, type Target } from './follow.js';
import type { SseAdapterOptions } from './options.js';

export type { SseAdapterOptions } from './options.js';
export type { SseEventOf, SseEventsOptions, SseMessageOf, SseSourceOf } from './follow.js';

/** The tags sse-kit defines, for Vue's `compilerOptions.isCustomElement`. */
const TAGS = new Set(['sse-feed', 'sse-status', 'sse-source', 'sse-text']);

/**
 * Tells Vue's template compiler that sse-kit's tags are custom elements, not Vue components, so it does
 * not warn "Failed to resolve component" and sets their props as properties:
 * `vue({ template: { compilerOptions: { isCustomElement } } })` in `vite.config`.
 */
export function isCustomElement(tag: string): boolean {
  return TAGS.has(tag);
}

type Source = MaybeRefOrGetter<SseSourceOf>;
type Options = MaybeRefOrGetter<SseAdapterOptions | null | undefined>;

/**
 * Runs `follow` for the target the source, the event and the options make now, while the calling scope
 * lives. The watched source is text, so a getter that builds a new options object each time moves the
 * connection only when the options mean something else; the watcher's cleanup lets the old one go, and
 * the scope's disposal (a component's unmount) stops the watcher, which runs that cleanup too.
 */
function following(source: Source, event: () => string, options: Options, follow: (target: Target | undefined, event: string) => () => void): void {
  const target = () => targetOf(toValue(source), event(), toValue(options));
  // Server rendering (Vue 3.5+) runs an immediate watcher once and stops it at once, cleanup included.
  watch(
    () => `${target()?.signature} ${event()}`,
    (_signature, _previous, onCleanup) => onCleanup(follow(target(), event())),
    { immediate: true },
  );
}

/** Mirrors a slice of the store's state (for the target's connection) into a readonly ref. */
function held<T>(source: Source, event: () => string, options: Options, select: (state: SseState, key: string, stream: SseStream | undefined) => T | undefined) {
  const value = shallowRef<T>();
  following(source, event, options, (target, name) => {
    value.value = undefined;
    if (!target) return () => {};
    const key = connectionKey(target.url, target.options);
    const stream = typeof toValue(source) == 'string' ? undefined : (toValue(source) as SseStream);
    // A shallow ref triggers only when the value is another one: same message, no update.
    const read = () => (value.value = select(target.store.getState(), key, stream));
    const binding = bind(target.store, target.url, target.options, { events: name ? { [name]: target.decoder } : {}, changed: read });
    read();
    return binding.release;
  });
  return shallowReadonly(value);
}

/** Folds every message of `event` into a readonly ref, from the calling scope's start (a new source or event starts over). */
function folded<S, M>(source: Source, event: MaybeRefOrGetter<string>, options: Options, reducer: (state: S, message: M) => S, initial: () => S) {
  const value = shallowRef<Followed<S>>({ state: initial(), error: undefined });
  following(source, () => toValue(event), options, (target, name) => {
    const followed = fold(target, name, () => reducer, initial());
    value.value = followed.current();
    return followed.start(() => (value.value = followed.current()));
  });
  return value;
}

/**
 * A readonly ref to the newest message of `event` on `source` (`undefined` before the first), holding the
 * connection until the calling component unmounts (or its effect scope is disposed). `source` (a URL or a
 * typed stream), `event` and `options` may be refs or getters: the connection follows them. Call it in
 * `setup()` or an `effectScope`.
 *
 * ```vue
 * <script setup lang="ts">
 * const tick = useSseEvent('/api/clock', 'tick');
 * </script>
 * <template><p>{{ tick?.data ?? '…' }}</p></template>
 * ```
 */
export function useSseEvent<E extends SseEvents, N extends keyof E & string>(
  stream: MaybeRefOrGetter<SseStream<E> | null | undefined>,
  event: MaybeRefOrGetter<N>,
): Readonly<ShallowRef<SseStreamMessage<E, N> | undefined>>;
export function useSseEvent(url: MaybeRefOrGetter<string | null | undefined>, event: MaybeRefOrGetter<string>, options?: Options): Readonly<ShallowRef<SseMessage | undefined>>;
export function useSseEvent(source: Source, event: MaybeRefOrGetter<string>, options?: Options): Readonly<ShallowRef<SseMessage | undefined>> {
  return held(source, () => toValue(event), options, (state, key, stream) =>
    stream ? stream.latest(state, toValue(event)) : state.connections[key]?.latest[toValue(event)],
  );
}

/**
 * A readonly ref to the messages of `event` since the calling scope started, the newest `max` (default 100),
 * newest last: every one, in order, however many come at once.
 */
export function useSseEvents<S extends SseSourceOf, N extends SseEventOf<S>>(
  source: MaybeRefOrGetter<S>,
  event: MaybeRefOrGetter<N>,
  options?: MaybeRefOrGetter<SseEventsOptions | null | undefined>,
): Readonly<Ref<SseMessageOf<S, N>[]>> {
  const value = folded(source, event, options, appendTo<SseMessageOf<S, N>>(toValue(options)?.max), () => []);
  return computed(() => value.value.state);
}

/**
 * A readonly ref to every message of `event` folded in order into one value (`reducer(state, message)`
 * from `initial`: a running total, a chat, an order book), since the calling scope started. Each message
 * is folded once; a new source or event starts again from `initial`.
 */
export function useSseReduce<S extends SseSourceOf, N extends SseEventOf<S>, T>(
  source: MaybeRefOrGetter<S>,
  event: MaybeRefOrGetter<N>,
  reducer: (state: T, message: SseMessageOf<S, N>) => T,
  initial: T,
  options?: Options,
): Readonly<Ref<T>> {
  const value = folded(source, event, options, reducer, () => initial);
  return computed(() => value.value.state);
}

/** A readonly ref to the last message of `event` its decoder rejected (`parse`, `invalid`), as an `SseError`, since the scope started. */
export function useSseError<S extends SseSourceOf>(source: MaybeRefOrGetter<S>, event: MaybeRefOrGetter<SseEventOf<S>>, options?: Options): Readonly<Ref<SseError | undefined>> {
  const value = folded(source, event, options, (state: undefined) => state, () => undefined);
  return computed(() => value.value.error);
}

/**
 * A readonly ref to the state of `source`'s connection (`state`, `error`, `attempt`, …), holding it like
 * `useSseEvent`. It changes with every message batch too (`messageCount`), so read one event with
 * `useSseEvent` instead.
 */
export function useSseConnection(source: Source, options?: Options): Readonly<ShallowRef<ConnectionState | undefined>> {
  return held(source, () => '', options, (state, key) => state.connections[key]);
}
