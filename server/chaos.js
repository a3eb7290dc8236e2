import { formatEvent, lastEventId, openStream, readBody, sendJson } from './stream.js';

/**
 * The chaos server: SSE streams that misbehave on command, the way real networks and proxies do.
 * The browser tests script each stream by query; the demo's chaos panel sends commands to live ones.
 * Every stream is counted per `key`, so a test asks the server what really happened.
 *
 * `GET /sse/chaos/stream?key=K` with
 * - `count=N` events (ids 1..N; default 5), `interval=ms` between them (default 10; 0 sends them all
 *   at once, a burst) or `rate=N` per second (sent in batches every 10 ms), the first after `delay=ms`
 *   (default: the interval); then the stream stays open, or ends when `end=1`;
 * - `events=a,b` event names, taken in turn (default: none, i.e. `message`);
 * - `data=text|json|bad-json|wrong-json` each event's data (`n`, `{"n":n,...}`, every even one not JSON, or
 *   every third one JSON of the wrong shape: `nested.value` is `"n/a"`),
 *   `payload=...` the same literal data for every event, or `size=bytes` data of that many bytes;
 * - `idPrefix=p` ids are `p1`, `p2`, … (non-ASCII welcome);
 * - `fail=N` the first N requests answer `status` (default 500; 204 answers with no body), or with
 *   `as=wrong-type` a 200 that is not `text/event-stream`, or with `as=hang` no headers at all;
 *   `retryAfter=v` adds a `Retry-After: v` header to those answers (seconds or an HTTP date);
 * - `drop=N` ends each response after N events; `cut=N` also, but in the middle of event N+1;
 * - `silentAfter=N` each response sends N events, then nothing while staying open;
 * - `comments=1` sends comments instead of events;
 * - `retry=ms` sent first, for the browser's own reconnect delay;
 * - `idle=ms` once the events are sent, a comment every `ms` while the stream stays open;
 * - `wait=1` opens with a comment (so every engine shows the stream open) and sends the events only on
 *   the `go` command: a test starts them when it is ready, not after a delay it hopes is long enough.
 * `POST` works the same (a request body is recorded), for the fetch transport.
 * A request resumes after the id in its `Last-Event-ID` header (the browser's reconnects) or else its
 * `lastEventID` query parameter (sse-kit's `resumeParam`): nothing is lost, nothing repeated; with
 * `inclusive=1` it resumes from that id, sending it again (as some servers do).
 *
 * `POST /sse/chaos/command?key=K&do=...` acts on that key's live streams: `go` (a `wait=1` stream starts
 * its events), `drop`, `cut`, `silence` (stop sending), `big` (one 1 MB event), `burst` (10,000 events at
 * once, or `n`, with each stream's `data`/`size`/`payload`), `comments`; or on its next
 * requests: `fail` (`status`, `times`, `as` as above).
 *
 * `GET /sse/chaos/stats?key=K`: what the server saw for that key (see `Stats`).
 *
 * `GET /sse/chaos/raw?key=K&chunks=b64,b64,…&gap=ms`: exactly these bytes (base64url chunks), written
 * `gap` ms apart, then the stream stays open, or ends with `end=1`; a second request to the key answers
 * 204. For comparing parsers byte for byte.
 */

/**
 * @typedef {object} Stats
 * @property {number} requests
 * @property {number} open streams open now
 * @property {(string | null)[]} lastEventIds each request's `Last-Event-ID` header
 * @property {(string | null)[]} resumedFrom the id each request resumed after (header or query)
 * @property {number[]} statuses what each request was answered
 * @property {number[]} times `Date.now()` of each request
 * @property {string[]} methods each request's method
 * @property {(string | null)[]} bodies each request's body (null without one)
 * @property {(string | null)[]} authorization each request's `Authorization` header
 */

/**
 * @typedef {object} Live one open stream and what it is doing
 * @property {import('./stream.js').Stream} stream
 * @property {import('node:http').ServerResponse} res
 * @property {number} id the last id sent
 * @property {boolean} silent
 * @property {boolean} comments
 * @property {URLSearchParams} query the request's script, for the events a command adds
 * @property {(() => void) | undefined} go starts the events of a `wait=1` stream
 */

const MEGABYTE = 1024 * 1024;

export function createChaos() {
  /** @type {Map<string, Stats>} */
  const stats = new Map();
  /** @type {Map<string, Set<Live>>} */
  const streams = new Map();
  /** @type {Map<string, { times: number, status: number, as: string }>} */
  const failures = new Map();
  /** Requests left hanging, to end when the server closes. */
  /** @type {Set<import('node:http').ServerResponse>} */
  const hanging = new Set();

  /** @param {string} key */
  const statsFor = (key) => {
    let entry = stats.get(key);
    if (!entry) {
      entry = { requests: 0, open: 0, lastEventIds: [], resumedFrom: [], statuses: [], times: [], methods: [], bodies: [], authorization: [] };
      stats.set(key, entry);
    }
    return entry;
  };
  /** @param {string} key */
  const liveFor = (key) => {
    let set = streams.get(key);
    if (!set) streams.set(key, (set = new Set()));
    return set;
  };

  /**
   * @param {URLSearchParams} query
   * @param {number} n
   */
  const dataFor = (query, n) => {
    const payload = query.get('payload');
    if (payload !== null) return payload;
    const size = query.get('size');
    if (size !== null) return `${n} `.padEnd(Number(size), 'x');
    switch (query.get('data')) {
      case 'json':
        return JSON.stringify({ n, name: `item ${n}`, nested: { value: n * 10 } });
      case 'bad-json':
        return n % 2 === 0 ? `{not json ${n}` : JSON.stringify({ n, name: `item ${n}`, nested: { value: n * 10 } });
      case 'wrong-json':
        return JSON.stringify({ n, name: `item ${n}`, nested: { value: n % 3 === 0 ? 'n/a' : n * 10 } });
      default:
        return String(n);
    }
  };

  /**
   * Answers a request that is meant to fail; true when it did.
   * @param {import('node:http').ServerResponse} res
   * @param {Stats} entry
   * @param {{ status: number, as: string, retryAfter?: string | null }} how
   */
  const fail = (res, entry, how) => {
    if (how.as === 'hang') {
      // Accept the connection and never answer: what a stuck proxy does.
      entry.statuses.push(0);
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (how.as === 'wrong-type') {
      entry.statuses.push(200);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<p>not an event stream</p>\n');
      return;
    }
    entry.statuses.push(how.status);
    /** @type {Record<string, string>} */
    const headers = how.status === 204 ? {} : { 'content-type': 'text/plain' };
    if (how.retryAfter) headers['retry-after'] = how.retryAfter;
    res.writeHead(how.status, headers);
    res.end(how.status === 204 ? undefined : `failing on purpose (${entry.requests})\n`);
  };

  /**
   * Counts a request and what it carried.
   * @param {import('node:http').IncomingMessage} req
   * @param {string} key
   * @param {string | null} body
   */
  const seen = (req, key, body) => {
    const entry = statsFor(key);
    entry.requests += 1;
    entry.times.push(Date.now());
    entry.methods.push(req.method ?? 'GET');
    entry.bodies.push(body);
    entry.authorization.push(req.headers.authorization ?? null);
    return entry;
  };

  /** @type {import('./index.js').Route} */
  const stream = (req, res, query) => {
    if (req.method === 'POST') return readBody(req, 1 << 20).then((body) => serve(req, res, query, body));
    serve(req, res, query, null);
  };

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {URLSearchParams} query
   * @param {string | null} body
   */
  const serve = (req, res, query, body) => {
    const key = query.get('key') ?? 'default';
    const entry = seen(req, key, body);
    const header = lastEventId(req) ?? null;
    entry.lastEventIds.push(header);
    // The header (the browser's own reconnect) wins over the query (sse-kit's reopen of an older URL).
    const from = header ?? query.get('lastEventID');
    entry.resumedFrom.push(from);

    const scripted = entry.requests <= Number(query.get('fail') ?? 0);
    const commanded = failures.get(key);
    if (scripted || commanded) {
      if (commanded && --commanded.times <= 0) failures.delete(key);
      const how = commanded ?? { status: Number(query.get('status') ?? 500), as: query.get('as') ?? 'status', retryAfter: query.get('retryAfter') };
      return fail(res, entry, how);
    }

    entry.statuses.push(200);
    const retry = query.get('retry');
    const stream = openStream(req, res, retry === null ? {} : { retry: Number(retry) });
    entry.open += 1;
    const count = Number(query.get('count') ?? 5);
    const interval = Number(query.get('interval') ?? 10);
    const drop = Number(query.get('drop') ?? Infinity);
    const cut = Number(query.get('cut') ?? Infinity);
    const silentAfter = Number(query.get('silentAfter') ?? Infinity);
    const names = (query.get('events') ?? '').split(',').filter(Boolean);
    const prefix = query.get('idPrefix') ?? '';
    const resumed = from !== null && from.startsWith(prefix) ? Number(from.slice(prefix.length)) - (query.get('inclusive') === '1' ? 1 : 0) : 0;
    /** @type {Live} */
    const live = { stream, res, id: Number.isFinite(resumed) ? resumed : 0, silent: false, comments: query.get('comments') === '1', query, go: undefined };
    const set = liveFor(key);
    set.add(live);
    let sent = 0;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    const idle = Number(query.get('idle') ?? 0);
    // A finished stream that stays open says so now and then, as real servers do.
    const keepAlive = () => {
      stream.comment('idle');
      timer = setTimeout(keepAlive, idle);
    };

    /** @param {number} id */
    const frame = (id) => {
      const event = names.length ? names[(id - 1) % names.length] : undefined;
      return formatEvent({ event, data: dataFor(query, id), id: `${prefix}${id}` });
    };
    /** Sends the next event; false when this response is done sending. */
    const sendOne = () => {
      if (stream.closed() || live.silent) return false;
      if (live.comments) {
        stream.comment(`keep-alive ${sent++}`);
        return sent < count;
      }
      if (live.id >= count) {
        if (query.get('end') === '1') stream.end();
        else if (idle > 0) timer = setTimeout(keepAlive, idle);
        return false;
      }
      if (sent >= cut) {
        // Half an event, then the connection ends: the browser must discard it and resume before it.
        const half = frame(live.id + 1);
        res.write(half.slice(0, Math.ceil(half.length / 2)));
        stream.end();
        return false;
      }
      live.id += 1;
      res.write(frame(live.id));
      sent += 1;
      if (sent >= drop) {
        stream.end();
        return false;
      }
      if (sent >= silentAfter) live.silent = true;
      return true;
    };
    const rate = Number(query.get('rate') ?? 0);
    let started = 0;
    let paced = 0;
    const next = () => {
      if (rate > 0) {
        // A steady rate: every 10 ms, what the clock says is due, so late timers do not slow the rate
        // and rates past 1,000/s need no sub-millisecond timers.
        started ||= performance.now();
        const due = Math.floor(((performance.now() - started) * rate) / 1000) + 1;
        for (; paced < due; paced++) if (!sendOne()) return;
        timer = setTimeout(next, 10);
        return;
      }
      if (interval <= 0) {
        // A burst: everything now, in one go, as fast as the socket takes it.
        while (sendOne());
        return;
      }
      if (sendOne()) timer = setTimeout(next, interval);
    };
    stream.onClose(() => {
      entry.open -= 1;
      clearTimeout(timer);
      set.delete(live);
    });
    const begin = () => {
      timer = setTimeout(next, Number(query.get('delay') ?? (rate > 0 ? 0 : interval)));
    };
    if (query.get('wait') === '1') {
      stream.comment('waiting for go');
      live.go = begin;
    } else begin();
  };

  /** @type {Record<string, import('./index.js').Route>} */
  const routes = {
    'GET /sse/chaos/stream': stream,
    'POST /sse/chaos/stream': stream,

    'GET /sse/chaos/raw'(req, res, query) {
      const entry = seen(req, query.get('key') ?? 'default', null);
      entry.lastEventIds.push(lastEventId(req) ?? null);
      if (entry.requests > 1) {
        entry.statuses.push(204);
        res.writeHead(204).end();
        return;
      }
      entry.statuses.push(200);
      const out = openStream(req, res);
      entry.open += 1;
      out.onClose(() => (entry.open -= 1));
      const chunks = (query.get('chunks') ?? '').split(',').map((chunk) => Buffer.from(chunk, 'base64url'));
      const gap = Number(query.get('gap') ?? 20);
      /** @param {number} i */
      const write = (i) => {
        if (out.closed()) return;
        if (i >= chunks.length) {
          if (query.get('end') === '1') out.end();
          return;
        }
        res.write(chunks[i]);
        setTimeout(write, gap, i + 1);
      };
      write(0);
    },

    async 'POST /sse/chaos/command'(req, res, query) {
      await readBody(req);
      const key = query.get('key') ?? 'default';
      const action = query.get('do');
      const live = [...liveFor(key)];
      switch (action) {
        case 'go':
          for (const stream of live) {
            stream.go?.();
            stream.go = undefined;
          }
          break;
        case 'drop':
          for (const { stream } of live) stream.end();
          break;
        case 'cut':
          for (const { stream, res: out, id } of live) {
            out.write(`id: ${id + 1}\ndata: never fin`);
            stream.end();
          }
          break;
        case 'silence':
          for (const stream of live) stream.silent = true;
          break;
        case 'comments':
          for (const stream of live) stream.comments = true;
          break;
        case 'big':
          for (const stream of live) {
            stream.id += 1;
            stream.res.write(formatEvent({ data: `${stream.id} `.padEnd(MEGABYTE, 'x'), id: stream.id }));
          }
          break;
        case 'burst': {
          const n = Number(query.get('n') ?? 10_000);
          for (const stream of live) {
            let frames = '';
            for (let i = 0; i < n; i++) frames += formatEvent({ data: dataFor(stream.query, ++stream.id), id: stream.id });
            stream.res.write(frames);
          }
          break;
        }
        case 'fail':
          failures.set(key, {
            times: Number(query.get('times') ?? 1),
            status: Number(query.get('status') ?? 503),
            as: query.get('as') ?? 'status',
          });
          // The live streams end too, so the failure is what the clients meet next.
          for (const { stream } of live) stream.end();
          break;
        default:
          return sendJson(res, 400, { error: `unknown command "${action}"` });
      }
      sendJson(res, 200, { key, did: action, streams: live.length });
    },

    'GET /sse/chaos/stats'(_req, res, query) {
      sendJson(res, 200, statsFor(query.get('key') ?? 'default'));
    },
  };

  return {
    routes,
    close() {
      for (const set of streams.values()) for (const { stream } of [...set]) stream.end();
      for (const res of [...hanging]) res.destroy();
    },
  };
}
