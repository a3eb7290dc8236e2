import type { SseController } from '../controllers/sse-controller.js';
import type { Kept, Kinds } from '../store/persist.js';
import { persistenceOf } from '../store/store.js';

/**
 * With `persist`, the record in which an element keeps what it shows (named `name`, for its connection), once
 * the store's persistence has loaded; undefined without `persist`, or where there is none.
 */
export async function keptFor<K extends keyof Kinds>(controller: SseController, kind: K, name: string): Promise<Kept<Kinds[K]> | undefined> {
  const { store, key } = controller;
  if (!store || !key || !controller.options.persist) return undefined;
  return (await persistenceOf(store))?.keep(name, kind, key);
}
