import type { ConnectionOptions } from '../store/types.js';
import { OPTIONS, optionOf, type OptionHolder } from './options.js';

const PROVIDER = 'sse-source';

/** The nearest `<sse-source>` above `element`, across shadow roots, upgraded or not. */
export function findProvider(element: Element): OptionHolder | null {
  let node: Node | null = element.parentNode;
  while (node) {
    if (node instanceof Element && node.localName === PROVIDER) return node;
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return null;
}

/** An element that streams: its `src` property once upgraded, its attribute before. */
export type Holder = OptionHolder & { src?: string | null };

/** The element's own `src`: the property of an upgraded element (or one set before upgrade), else the attribute. */
const ownSrc = (element: Holder): string | null | undefined => ('src' in element ? element.src : element.getAttribute('src'));

/**
 * Where `host` streams from and how: its own `src` and options, or, without a `src`, its `<sse-source>`'s
 * (options the host leaves unset come from there too). Null without a `src` on either. Works on elements
 * not yet upgraded, from their attributes, so a page's streams can be requested before the tags are defined.
 */
export function targetOf(host: Holder, provider: OptionHolder | null): { src: string; options: ConnectionOptions } | null {
  const own = ownSrc(host);
  const from = own ? null : provider;
  const src = own || from?.getAttribute('src');
  if (!src) return null;
  const options: Record<string, unknown> = {};
  for (const option of OPTIONS) {
    const value = optionOf(host, option) ?? (from ? optionOf(from, option) : undefined);
    if (value !== undefined) options[option[0]] = value;
  }
  return { src, options };
}
