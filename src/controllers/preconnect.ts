import { sseStore } from '../store/store.js';
import { fingerprint } from './fingerprint.js';
import { findProvider, targetOf } from './target.js';

/**
 * The streams a page's markup asks for, requested before Lit and the elements are even evaluated: `sse-kit`
 * imports this first, so the requests are on their way while the rest of the library loads and the tags
 * upgrade. Each is held until the end of the task that defines the tags; by then the elements hold their
 * own (the same key, read from the same attributes), and a stream no element took closes again.
 */
if (typeof document != 'undefined') {
  const held = new Map<string, () => void>();
  for (const element of document.querySelectorAll('sse-feed, sse-status, sse-text')) {
    const target = targetOf(element, findProvider(element));
    if (!target) continue;
    const { src, options } = target;
    // Several tags on one stream need one request: the first decides, as in the store.
    const signature = `${src} ${fingerprint(options)}`;
    if (!held.has(signature)) held.set(signature, sseStore.getState().retain(src, options));
  }
  if (held.size) queueMicrotask(() => held.forEach((release) => release()));
}
