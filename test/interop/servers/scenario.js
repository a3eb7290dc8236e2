// What every interop server shares, none of it SSE: the events the tests expect, a record of what the
// server saw, and the handshake with the test (the port on stdout; exit when the test goes away). How
// each server speaks SSE, CORS and keep-alive is its own file, written the way its library documents.

/** The servers a test may start: one file each in this folder, written the way its library documents. */
export const SERVERS = ['better-sse', 'hono', 'fastify'];
/** The whole stream: ids 1…12, named `tick` (odd) and `tock` (even), data `{"n":id}`. */
export const EVENTS = 12;
/** Each response sends this many events after the client's `Last-Event-ID`, then the server ends it. */
export const PER_RESPONSE = 4;
/** The `retry:` each server sends: the client must reconnect after it, not after its 3 s default. */
export const RETRY = 250;
/** A keep-alive comment this often (ms), so comments fall between the events on the wire. */
export const KEEPALIVE = 10;
/** Ms between events. */
export const SPACING = 25;

export const eventName = (/** @type {number} */ n) => (n % 2 ? 'tick' : 'tock');

/**
 * The ids a response sends, given the request's `Last-Event-ID`, and whether the server ends the
 * response after them. Once the client has everything, the stream stays open with keep-alives only.
 * @param {string | null | undefined} lastEventId
 */
export function plan(lastEventId) {
  const from = Number(lastEventId ?? 0) || 0;
  const ids = [];
  for (let n = from + 1; n <= Math.min(EVENTS, from + PER_RESPONSE); n++) ids.push(n);
  return { ids, end: ids.length > 0 };
}

export const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What the server saw, per `key` query parameter (one per test): each stream request's
 * `Last-Event-ID` and time, when the server ended each response, and how many CORS preflights came.
 */
export function createLog() {
  /** @typedef {{ requests: { lastEventId: string | null, at: number }[], ends: number[], preflights: number }} Entry */
  /** @type {Map<string, Entry>} */
  const keys = new Map();
  /** @param {string} key @returns {Entry} */
  const entry = (key) => {
    let found = keys.get(key);
    if (!found) keys.set(key, (found = { requests: [], ends: [], preflights: 0 }));
    return found;
  };
  return {
    /** @param {string} key @param {string | null | undefined} lastEventId */
    request: (key, lastEventId) => entry(key).requests.push({ lastEventId: lastEventId ?? null, at: Date.now() }),
    /** @param {string} key */
    end: (key) => entry(key).ends.push(Date.now()),
    /** @param {string} key */
    preflight: (key) => void entry(key).preflights++,
    /** @param {string} key */
    stats: (key) => entry(key),
  };
}

/** The `key` query parameter of a request URL. */
export const keyOf = (/** @type {string | undefined} */ url) => new URL(url ?? '/', 'http://localhost').searchParams.get('key') ?? '';

/**
 * Tells the test where the server listens, then lives exactly as long as the test holds its stdin:
 * a test runner that dies, however it dies, takes its servers with it.
 * @param {number} port
 */
export function ready(port) {
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
