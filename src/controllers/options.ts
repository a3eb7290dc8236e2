import type { SseStore } from '../store/store.js';
import type { ConnectionOptions } from '../store/types.js';
import { asFlag, asNumber } from './values.js';

/** How a value reads from its attribute: a number, text, a boolean attribute, or no attribute at all. */
export type Kind = 'number' | 'text' | 'flag' | 'property';
export type OptionName = keyof ConnectionOptions;
export type Option = readonly [name: OptionName, attribute: string, kind: Kind];

/**
 * The connection options every sse-kit element takes, and an `<sse-source>` passes down: property,
 * attribute, kind. One table: the elements define their accessors from it, the controller reads it.
 */
export const OPTIONS: readonly Option[] = [
  ['withCredentials', 'with-credentials', 'flag'],
  ['connectTimeout', 'connect-timeout', 'number'],
  ['staleAfter', 'stale-after', 'number'],
  ['heartbeat', 'heartbeat', 'text'],
  ['pauseWhenHidden', 'pause-when-hidden', 'number'],
  ['resumeParam', 'resume-param', 'text'],
  ['method', 'method', 'text'],
  ['transport', 'transport', 'text'],
  ['once', 'once', 'flag'],
  ['endOn', 'end-on', 'text'],
  ['shared', 'shared', 'flag'],
  ['identity', 'identity', 'text'],
  ['persist', 'persist', 'flag'],
  ['resumeSrc', 'resume-src', 'text'],
  // Properties only: a token does not belong in markup, a body rarely does.
  ['headers', '', 'property'],
  ['body', '', 'property'],
];

/** What an element holding options looks like to the code that reads them. */
export type OptionHolder = Element & { [name in OptionName]?: unknown } & { store?: SseStore | null };

/** An attribute's value as its kind reads it; null when absent (a flag: false). */
export function fromAttribute(element: Element, attribute: string, kind: Kind): unknown {
  if (kind == 'flag') return element.hasAttribute(attribute);
  const text = attribute ? element.getAttribute(attribute) : null;
  return kind == 'number' && text !== null ? Number(text) : text;
}

/**
 * An option as `element` holds it, in the form `ConnectionOptions` wants, or undefined when unset: its
 * property (which falls back to the attribute), or the attribute alone on an element not yet upgraded.
 * Values frameworks set as strings ("3", "", "false") read as the attribute would.
 */
export function optionOf(element: OptionHolder, [name, attribute, kind]: Option): unknown {
  const raw = element[name] ?? fromAttribute(element, attribute, kind);
  if (kind == 'flag') return asFlag(raw) || undefined;
  if (kind == 'number') return asNumber(raw);
  return raw || undefined;
}
