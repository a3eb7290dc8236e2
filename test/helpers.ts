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

/** Breaks `key`'s answers that stopped at their `cut` (server/ask.js): the test asks once it has their pieces. */
export async function breakAnswer(key: string): Promise<number> {
  const response = await fetch(`/sse/ask/break?key=${encodeURIComponent(key)}`, { method: 'POST' });
  return ((await response.json()) as { broken: number }).broken;
}

export interface AskStats {
  requests: number;
  bodies: string[];
  finished: number;
  aborted: number;
}

/** What the streamed-answer server saw for `key`. */
export const askStats = async (key: string): Promise<AskStats> => (await fetch(`/sse/ask/stats?key=${key}`)).json() as Promise<AskStats>;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * What a wait is for, and optionally what was there instead: `seen` is asked only when the wait times out,
 * so a failure reads "waited 10 s for eleven events; saw ids 1…7, states connecting → open".
 */
export type Waiting = string | { for: string; seen(): unknown };

/** The text of a timed-out wait: what it waited for, how long, and what it saw. */
export async function timedOut(waiting: Waiting, timeout: number): Promise<Error> {
  if (typeof waiting == 'string') return new Error(`Timed out after ${timeout} ms waiting for ${waiting}`);
  let seen: unknown;
  try {
    seen = await waiting.seen();
  } catch (error) {
    seen = `(could not tell: ${String(error)})`;
  }
  return new Error(`Timed out after ${timeout} ms waiting for ${waiting.for}; saw ${typeof seen == 'string' ? seen : JSON.stringify(seen)}`);
}

/**
 * Resolves once `condition` holds, polling; rejects after `timeout` ms saying what it waited for (and,
 * given `seen`, what it saw). The timeout is a budget, not a claim: keep it far above what a loaded
 * machine needs, since a wait that holds returns as soon as it holds.
 */
export async function until(condition: () => boolean | Promise<boolean>, waiting: Waiting, timeout = 10_000): Promise<void> {
  const end = performance.now() + timeout;
  while (!(await condition())) {
    if (performance.now() > end) throw await timedOut(waiting, timeout);
    await sleep(10);
  }
}

/** Resolves after the next animation frame: `<sse-feed>` renders the messages of a frame once, in it. */
export const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Resolves once markup of this test's own has had its chance to run: an image that fails to load fires
 * its `error`, and an iframe's `srcdoc` script runs. Markup that data had wrongly made would have been
 * made earlier, so it would have run by then too: a sign to wait for, instead of a sleep that a loaded
 * machine can outlast. The controls are removed before this resolves.
 */
export async function markupWouldHaveRun(): Promise<void> {
  const image = document.createElement('img');
  const frame = document.createElement('iframe');
  const token = `control-${Math.random().toString(36).slice(2)}`;
  const failed = new Promise<void>((resolve) => image.addEventListener('error', () => resolve(), { once: true }));
  const ran = new Promise<void>((resolve) => {
    const hear = (event: MessageEvent) => {
      if (event.data !== token) return;
      window.removeEventListener('message', hear);
      resolve();
    };
    window.addEventListener('message', hear);
  });
  image.src = `/no-such-image-${token}`;
  frame.srcdoc = `<script>parent.postMessage(${JSON.stringify(token)}, '*')</script>`;
  frame.hidden = true;
  document.body.append(image, frame);
  try {
    await Promise.all([failed, ran]);
  } finally {
    image.remove();
    frame.remove();
  }
}
