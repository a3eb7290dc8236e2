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
 * sends a different request, and so does a fetch request (its method, body and header names, never
 * header values: a refreshed token keeps the key). `shared` keys apart: one connection for every tab.
 * A URL that cannot be resolved keys as given.
 */
export function connectionKey(url: string, options: ConnectionOptions = {}): string {
  return keyOf(resolveUrl(url), url, options);
}

/** `connectionKey` for a URL already resolved, so the store parses each URL once. */
export function keyOf(resolved: Resolved, url: string, options: ConnectionOptions): string {
  const key =
    (options.shared ? 'shared ' : '') +
    (options.reconnect == 'native' ? 'native ' : '') +
    (options.withCredentials ? 'credentials ' : '') +
    ('href' in resolved ? resolved.href : url);
  if (transportOf(options) === 'eventsource') return key;
  const { headers, body, method = 'GET' } = options;
  // A headers function cannot name its headers without being called: holders with one share.
  const names = typeof headers === 'function' ? '(function)' : Object.keys(headers ?? {}).map((name) => name.toLowerCase()).sort().join(',');
  return `${method.toUpperCase()} ${key} fetch${names ? ` headers:${names}` : ''}${body === undefined ? '' : ` body:${body}`}`;
}
