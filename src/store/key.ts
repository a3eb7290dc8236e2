import type { ConnectionOptions, SseTransportName } from './types.js';

/** A URL resolved to an absolute http(s) one, or why it cannot be. */
export type Resolved = { href: string } | { error: string };

/**
 * Resolves `url` against the document to an absolute http(s) URL, or explains why it cannot. Other
 * schemes are refused here, with a clear error, rather than left to fail silently in EventSource.
 */
export function resolveUrl(url: string): Resolved {
  // Outside a document (SSR, workers) only absolute URLs resolve.
  const base = typeof document != 'undefined' ? document.baseURI : undefined;
  // Fifty widgets on one URL parse it once, not twice each.
  if (url === last[0] && base === last[1]) return last[2];
  let result: Resolved;
  try {
    const { protocol, href } = new URL(url, base);
    result = /^https?:$/.test(protocol) ? { href } : { error: `"${url}" uses ${protocol}: only http: and https: can stream events` };
  } catch {
    result = { error: `"${url}" is not a valid URL` };
  }
  last = [url, base, result];
  return result;
}

let last: [string, string | undefined, Resolved] = ['', undefined, { error: '' }];

/** The transport a connection uses: `fetch` as soon as it needs what only fetch can send. */
export function transportOf(options: ConnectionOptions): SseTransportName {
  const { transport, headers, body, method = 'GET' } = options;
  return transport ?? (headers || body !== undefined || method.toUpperCase() !== 'GET' ? 'fetch' : 'eventsource');
}

/**
 * The key of the shared connection for `url` and `options`: the absolute URL, so `/api/x` and
 * `http://host/api/x` share one connection; `withCredentials: true` keys apart because the browser
 * sends a different request, and so does a fetch request (its method, body and header names, not
 * header values: a refreshed token keeps the key). An `identity` keys apart: connections for two
 * accounts are never one. `shared` keys apart: one connection for every tab, whose lock and channel are
 * named after the key, so there header values and the body count only as a digest (without `identity`,
 * two tokens are two connections), and no token is ever in a name. A URL that cannot be resolved keys as given.
 */
export function connectionKey(url: string, options: ConnectionOptions = {}): string {
  return keyOf(resolveUrl(url), url, options);
}

/** `connectionKey` for a URL already resolved, so the store parses each URL once. */
export function keyOf(resolved: Resolved, url: string, options: ConnectionOptions): string {
  const { shared, identity, headers, body, method = 'GET' } = options;
  const key =
    (shared ? 'shared ' : '') +
    (options.reconnect == 'native' ? 'native ' : '') +
    (identity === undefined ? '' : `for ${identity} `) +
    (options.withCredentials ? 'credentials ' : '') +
    ('href' in resolved ? resolved.href : url);
  if (transportOf(options) === 'eventsource') return key;
  // A headers function cannot name its headers without being called: holders with one share.
  const names = typeof headers === 'function' ? '(function)' : Object.keys(headers ?? {}).map((name) => name.toLowerCase()).sort().join(',');
  const request = `${method.toUpperCase()} ${key} fetch${names ? ` headers:${names}` : ''}`;
  if (!shared) return `${request}${body === undefined ? '' : ` body:${body}`}`;
  // Who the request is for: the header values unless an identity says it, and the body.
  const values = identity === undefined && typeof headers == 'object' ? Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]).sort() : null;
  return values || body !== undefined ? `${request} digest:${digest(JSON.stringify([values, body ?? null]))}` : request;
}

/** FNV-1a, 64 bits: tells two texts apart without showing either (it does not hide a guessable secret). */
function digest(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return hash.toString(16).padStart(16, '0');
}
