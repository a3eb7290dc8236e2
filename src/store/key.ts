import type { ConnectionOptions } from './types.js';

/**
 * Resolves `url` against the document to an absolute http(s) URL, or explains why it cannot. Other
 * schemes are refused here, with a clear error, rather than left to fail silently in EventSource.
 */
export function resolveUrl(url: string): { href: string } | { error: string } {
  // Outside a document (SSR, workers) only absolute URLs resolve.
  const base = typeof document != 'undefined' ? document.baseURI : undefined;
  // Fifty widgets on one URL parse it once, not twice each.
  if (url === last[0] && base === last[1]) return last[2];
  let result: ReturnType<typeof resolveUrl>;
  try {
    const { protocol, href } = new URL(url, base);
    result = /^https?:$/.test(protocol) ? { href } : { error: `"${url}" uses ${protocol}: only http: and https: can stream events` };
  } catch {
    result = { error: `"${url}" is not a valid URL` };
  }
  last = [url, base, result];
  return result;
}

let last: [string, string | undefined, ReturnType<typeof resolveUrl>] = ['', undefined, { error: '' }];

/**
 * The key of the shared connection for `url` and `options`: the absolute URL, so `/api/x` and
 * `http://host/api/x` share one connection; `withCredentials: true` keys apart because the browser
 * sends a different request. A URL that cannot be resolved keys as given (its state carries the error).
 */
export function connectionKey(url: string, options: ConnectionOptions = {}): string {
  return keyOf(resolveUrl(url), url, options);
}

/** `connectionKey` for a URL already resolved, so the store parses each URL once. */
export function keyOf(resolved: ReturnType<typeof resolveUrl>, url: string, options: ConnectionOptions): string {
  return (options.withCredentials ? 'credentials ' : '') + ('href' in resolved ? resolved.href : url);
}
