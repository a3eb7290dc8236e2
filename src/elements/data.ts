import { SseErrorEvent } from '../events/sse-error.js';
import { messageOf } from '../store/errors.js';
import type { SseMessage } from '../store/types.js';

/**
 * Reads `path` ("a.b.c", array indexes as numbers) from own properties only, so data can never reach
 * `constructor`, `__proto__` or anything else inherited. "" or "." is the whole value.
 */
export function readPath(value: unknown, path: string): unknown {
  if (path === '' || path === '.') return value;
  let current: unknown = value;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** A value as text: nothing for null and undefined, JSON for objects. */
export function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Marks a value that could not be parsed: the message is skipped, and reported with its data. */
export const UNPARSED = Symbol('unparsed');

/**
 * The message's value: its data, or with `json` the parsed data. Data that is not JSON is reported on
 * `host` as an `sse-error` of type `parse` (with the data, so nothing is lost) and gives `UNPARSED`.
 */
export function valueOf(host: EventTarget, message: SseMessage, json: boolean): unknown {
  if (!json) return message.data;
  try {
    return JSON.parse(message.data);
  } catch (error) {
    const reason = `"${message.type}" data is not valid JSON: ${messageOf(error)}`;
    host.dispatchEvent(new SseErrorEvent({ type: 'parse', message: reason, data: message.data }));
    return UNPARSED;
  }
}
