import { shallowReadonly, shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue';
import { bind } from '../controllers/binding.js';
import { fingerprint } from '../controllers/fingerprint.js';
import { sseStore } from '../store/store.js';
import type { ConnectionState, SseMessage } from '../store/types.js';
import type { SseAdapterOptions } from './options.js';

export type { SseAdapterOptions } from './options.js';

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

type Url = MaybeRefOrGetter<string | null | undefined>;
type Options = MaybeRefOrGetter<SseAdapterOptions | null | undefined>;

/**
 * Holds `url`'s connection while the calling scope lives and mirrors a slice of its state into a ref.
 * The watched source is text, so a getter that builds a new options object each time moves the
 * connection only when the options mean something else; the watcher's cleanup releases the old one,
 * and the scope's disposal (a component's unmount) stops the watcher, which runs that cleanup too.
 */
function held<T>(
  url: Url,
  event: () => string | undefined,
  options: Options,
  select: (connection: ConnectionState | undefined, event: string) => T | undefined,
): Readonly<ShallowRef<T | undefined>> {
  const value = shallowRef<T>();
  // Server rendering (Vue 3.5+) runs an immediate watcher once and stops it at once, cleanup included.
  watch(
    () => JSON.stringify([toValue(url) ?? null, event() ?? null, fingerprint(toValue(options))]),
    (_target, _previous, onCleanup) => {
      const href = toValue(url);
      if (!href) {
        value.value = undefined;
        return;
      }
      const { store = sseStore, ...connection } = toValue(options) ?? {};
      const name = event();
      // A shallow ref triggers only when the value is another one: same message, no update.
      const read = (state: ConnectionState | undefined) => (value.value = select(state, name ?? ''));
      const binding = bind(store, href, connection, { events: name ? [name] : [], changed: read });
      read(store.getState().connections[binding.key]);
      onCleanup(binding.release);
    },
    { immediate: true },
  );
  return shallowReadonly(value);
}

/**
 * A readonly ref to the newest message of `event` on `url` (`undefined` before the first), holding the
 * connection until the calling component unmounts (or its effect scope is disposed). `url`, `event` and
 * `options` may be refs or getters: the connection follows them. Call it in `setup()` or an `effectScope`.
 *
 * ```vue
 * <script setup lang="ts">
 * const tick = useSseEvent('/api/clock', 'tick');
 * </script>
 * <template><p>{{ tick?.data ?? '…' }}</p></template>
 * ```
 */
export function useSseEvent(url: Url, event: MaybeRefOrGetter<string>, options?: Options): Readonly<ShallowRef<SseMessage | undefined>> {
  return held(url, () => toValue(event), options, (connection, name) => connection?.latest[name]);
}

/**
 * A readonly ref to the state of `url`'s connection (`state`, `error`, `attempt`, …), holding it like
 * `useSseEvent`. It changes with every message batch too (`messageCount`), so read one event with
 * `useSseEvent` instead.
 */
export function useSseConnection(url: Url, options?: Options): Readonly<ShallowRef<ConnectionState | undefined>> {
  return held(url, () => undefined, options, (connection) => connection);
}
