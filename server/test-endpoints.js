import { lastEventId, openStream, sendJson } from './stream.js';

/**
 * Scriptable streams for the browser tests: every behaviour is chosen by query parameters, and every
 * stream is counted per `key` so a test can ask the server what it really saw.
 *
 * `GET /sse/test/stream?key=K` with
 * - `count=N` events (ids 1..N; default 5), `interval=ms` between them (default 10), then the stream
 *   stays open, or ends when `end=1`;
 * - `events=a,b` event names, taken in turn (default: none, i.e. `message`);
 * - `data=text|json|bad-json` each event's data (`n`, `{"n":n,...}`, or every even one not JSON),
 *   or `payload=...` the same literal data for every event;
 * - `fail=N` the first N requests answer `status` (default 500) instead of streaming;
 * - `drop=N` ends each response after N events (the browser reconnects with Last-Event-ID);
 * - `retry=ms` sent first, for the browser's own reconnect delay.
 * A request with `Last-Event-ID: n` resumes at n+1, so a dropped stream loses and repeats nothing.
 *
 * `GET /sse/test/stats?key=K`: `{ requests, open, lastEventIds, statuses }` for that key.
 */
export function createTestEndpoints() {
  /** @type {Map<string, { requests: number, open: number, lastEventIds: (string | null)[], statuses: number[] }>} */
  const stats = new Map();
  /** @type {Set<() => void>} */
  const live = new Set();

  /** @param {string} key */
  const statsFor = (key) => {
    let entry = stats.get(key);
    if (!entry) stats.set(key, (entry = { requests: 0, open: 0, lastEventIds: [], statuses: [] }));
    return entry;
  };

  /**
   * @param {URLSearchParams} query
   * @param {number} n
   */
  const dataFor = (query, n) => {
    const payload = query.get('payload');
    if (payload !== null) return payload;
    switch (query.get('data')) {
      case 'json':
        return JSON.stringify({ n, name: `item ${n}`, nested: { value: n * 10 } });
      case 'bad-json':
        return n % 2 === 0 ? `{not json ${n}` : JSON.stringify({ n, name: `item ${n}`, nested: { value: n * 10 } });
      default:
        return String(n);
    }
  };

  /** @type {Record<string, (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, query: URLSearchParams) => void>} */
  const routes = {
    'GET /sse/test/stream'(req, res, query) {
      const entry = statsFor(query.get('key') ?? 'default');
      entry.requests += 1;
      entry.lastEventIds.push(lastEventId(req) ?? null);
      if (entry.requests <= Number(query.get('fail') ?? 0)) {
        const status = Number(query.get('status') ?? 500);
        entry.statuses.push(status);
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(`failing on purpose (${entry.requests})\n`);
        return;
      }
      entry.statuses.push(200);
      const retry = query.get('retry');
      const stream = openStream(req, res, retry === null ? {} : { retry: Number(retry) });
      entry.open += 1;
      const count = Number(query.get('count') ?? 5);
      const interval = Number(query.get('interval') ?? 10);
      const drop = Number(query.get('drop') ?? Infinity);
      const names = (query.get('events') ?? '').split(',').filter(Boolean);
      let id = Number(lastEventId(req)) || 0;
      let sent = 0;
      /** @type {ReturnType<typeof setTimeout> | undefined} */
      let timer;
      const next = () => {
        if (stream.closed()) return;
        if (id >= count) {
          if (query.get('end') === '1') stream.end();
          return;
        }
        id += 1;
        const event = names.length ? names[(id - 1) % names.length] : undefined;
        stream.send({ event, data: dataFor(query, id), id });
        if (++sent >= drop) return stream.end();
        timer = setTimeout(next, interval);
      };
      const stop = () => clearTimeout(timer);
      live.add(stream.end);
      stream.onClose(() => {
        entry.open -= 1;
        stop();
        live.delete(stream.end);
      });
      timer = setTimeout(next, interval);
    },

    'GET /sse/test/stats'(_req, res, query) {
      sendJson(res, 200, statsFor(query.get('key') ?? 'default'));
    },
  };

  return {
    routes,
    close() {
      for (const end of [...live]) end();
    },
  };
}
