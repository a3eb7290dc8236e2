// Shared by the browser tests: every test uses its own `key`, so its URL (and connection) and the
// server's counts are its own.

let counter = 0;

export function uniqueKey(prefix = 'k'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

/**
 * A URL of the chaos server's scriptable stream (see server/chaos.js for the parameters). Finished
 * streams send a comment every 100 ms unless `idle` says otherwise: Chromium keeps the socket of a closed
 * stream that went quiet for up to 5 s, and six such sockets would stall the next tests' requests.
 */
export function streamUrl(params: Record<string, string | number>): string {
  const query = new URLSearchParams(Object.entries({ idle: 100, ...params }).map(([name, value]) => [name, String(value)]));
  return `/sse/chaos/stream?${query}`;
}

export interface ServerStats {
  requests: number;
  open: number;
  lastEventIds: (string | null)[];
  resumedFrom: (string | null)[];
  statuses: number[];
  times: number[];
  methods: string[];
  bodies: (string | null)[];
  authorization: (string | null)[];
}

/** What the server saw for `key`: requests made, streams still open, Last-Event-ID of each request. */
export async function serverStats(key: string): Promise<ServerStats> {
  const response = await fetch(`/sse/chaos/stats?key=${encodeURIComponent(key)}`);
  return response.json() as Promise<ServerStats>;
}

/** base64url of a write's bytes (text as UTF-8), for the chaos server's raw endpoint (`/sse/chaos/raw?chunks=`). */
export function base64url(chunk: string | readonly number[] | Uint8Array): string {
  const bytes = typeof chunk == 'string' ? new TextEncoder().encode(chunk) : chunk;
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A URL of the streamed-answer server (server/ask.js), pieces 5 ms apart unless `query` says otherwise. */
export const askUrl = (key: string, query: Record<string, string | number> = {}) =>
  `/sse/ask?${new URLSearchParams({ key, interval: '5', ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) })}`;

export interface AskStats {
  requests: number;
  bodies: string[];
  finished: number;
  aborted: number;
}

/** What the streamed-answer server saw for `key`. */
export const askStats = async (key: string): Promise<AskStats> => (await fetch(`/sse/ask/stats?key=${key}`)).json() as Promise<AskStats>;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves once `condition` holds, polling; rejects with `message` after `timeout` ms. */
export async function until(condition: () => boolean | Promise<boolean>, message: string, timeout = 10_000): Promise<void> {
  const end = performance.now() + timeout;
  while (!(await condition())) {
    if (performance.now() > end) throw new Error(`Timed out: ${message}`);
    await sleep(10);
  }
}

/** Resolves after the next animation frame: `<sse-feed>` renders the messages of a frame once, in it. */
export const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
