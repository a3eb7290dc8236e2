import type { ConnectionOptions } from './types.js';

const CREDENTIALS_PREFIX = 'credentials ';

/** The base relative URLs resolve against; absent outside a document (SSR, workers without location). */
function baseUrl(): string | undefined {
  if (typeof document !== 'undefined' && document.baseURI) return document.baseURI;
  return typeof location !== 'undefined' ? location.href : undefined;
}

/**
 * Resolves `url` to an absolute http(s) URL, or explains why it cannot.
 * Only http(s) is allowed: EventSource would fail on other schemes anyway, and refusing early
 * gives a clear error instead of a silent `closed`.
 */
export function resolveUrl(url: string): { href: string } | { error: string } {
  let parsed: URL;
  try {
    parsed = new URL(url, baseUrl());
  } catch {
    return { error: `"${url}" is not a valid URL` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { error: `"${url}" uses ${parsed.protocol} but only http: and https: can stream events` };
  }
  return { href: parsed.href };
}

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
  const href = 'href' in resolved ? resolved.href : url;
  return options.withCredentials ? CREDENTIALS_PREFIX + href : href;
}
