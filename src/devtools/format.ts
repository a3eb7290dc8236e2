import type { SseError } from '../store/types.js';

/** Data as an inspector shows it: JSON objects and arrays pretty-printed, anything else as it came. */
export function prettyData(data: string): string {
  const start = data.trimStart()[0];
  if (start !== '{' && start !== '[') return data;
  try {
    return JSON.stringify(JSON.parse(data), null, 2);
  } catch {
    return data;
  }
}

const two = (n: number) => String(n).padStart(2, '0');

/** `Date.now()` as local wall-clock time to the millisecond, `14:03:27.815`. */
export function clockTime(at: number): string {
  const date = new Date(at);
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

/** A byte count for people: `80 B`, `1.5 KB`, `1.0 MB`. */
export function byteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A duration for people: `850 ms`, `3.2 s`, `4 min 10 s`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** An error as one line: its type, its HTTP status when known, and what it says. */
export function errorText(error: SseError): string {
  return `${error.type}${error.status === undefined ? '' : ` (HTTP ${error.status})`}: ${error.message}`;
}

/** A count with thousands separators, the same in every locale (tests and bug reports compare them). */
export const count = (n: number) => Math.round(n).toLocaleString('en');

/** A URL as short as it can be read: without the page's own origin (`/api/x`), else whole. */
export function shortUrl(url: string): string {
  const origin = typeof location == 'undefined' ? '' : location.origin;
  return origin && url.startsWith(`${origin}/`) ? url.slice(origin.length) : url;
}
