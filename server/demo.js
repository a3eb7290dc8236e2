import { Channel, lastEventId, openStream, readBody, sendJson } from './stream.js';

/**
 * The demo's streams.
 * - `/sse/demo`: everything on one connection, told apart by event name: `heartbeat` (the seed
 *   example), `message` (a clock), `price` (JSON), `tick` (the 12-widget panel), `chat`, and `stats`
 *   (the server's count of open connections).
 * - `/sse/flaky`: drops the stream every few events and answers 500 to every third request.
 * - `POST /sse/chat`: broadcasts `{ name, text }` as a `chat` event to every open `/sse/demo`.
 * - `POST /sse/demo/bad-price`: broadcasts a `price` the demo's schema refuses (`"price": "n/a"`).
 * - `/sse/shared`: the demo's shared panel. A `tick` (with an id) every second and, whenever it changes, the
 *   number of open `/sse/shared` connections as a `connections` event: with `shared`, 1 however many tabs
 *   are open. It replays the recent ticks after `Last-Event-ID` or `lastEventID`, so a hand-off loses none.
 * Timers run only while someone listens, so an idle server (or a test run) holds none.
 */
export function createDemoEndpoints() {
  const demo = new Channel();
  const flaky = new Channel();
  const shared = new Channel();
  /** The newest ticks of `/sse/shared`, for a tab that resumes. */
  /** @type {Array<{ event: string, data: string, id: number }>} */
  const recent = [];
  let sharedTick = 0;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let sharedTimer;
  let tick = 0;
  let flakyRequests = 0;
  /** @type {ReturnType<typeof setInterval>[]} */
  let timers = [];

  const prices = new Map([
    ['ACME', 120],
    ['GLOBX', 48.5],
    ['INITECH', 7.25],
  ]);

  const stats = () => ({ event: 'stats', data: JSON.stringify({ demo: demo.size, flaky: flaky.size }) });
  const broadcastStats = () => {
    demo.broadcast(stats());
  };
  demo.watchers.add(broadcastStats);
  flaky.watchers.add(broadcastStats);

  const start = () => {
    timers = [
      setInterval(() => demo.broadcast({ event: 'heartbeat', data: 'OK' }), 2000),
      setInterval(() => demo.broadcast({ data: new Date().toLocaleTimeString('en-GB') }), 1000),
      setInterval(() => demo.broadcast({ event: 'tick', data: String(++tick), id: `t${tick}` }), 500),
      setInterval(() => {
        for (const [symbol, price] of prices) {
          if (Math.random() < 0.5) continue;
          const next = Math.max(0.01, price * (1 + (Math.random() - 0.5) / 50));
          prices.set(symbol, next);
          const change = ((next - price) / price) * 100;
          demo.broadcast({
            event: 'price',
            data: JSON.stringify({ symbol, price: next.toFixed(2), change: `${change >= 0 ? '+' : ''}${change.toFixed(2)}%` }),
          });
        }
      }, 800),
    ];
  };
  const stop = () => {
    for (const timer of timers) clearInterval(timer);
    timers = [];
  };
  demo.watchers.add((size) => {
    if (size > 0 && timers.length === 0) start();
    if (size === 0) stop();
  });
  shared.watchers.add((size) => {
    shared.broadcast({ event: 'connections', data: String(size) });
    if (size > 0 && !sharedTimer) {
      sharedTimer = setInterval(() => {
        const tick = { event: 'tick', data: String(++sharedTick), id: sharedTick };
        recent.push(tick);
        if (recent.length > 100) recent.shift();
        shared.broadcast(tick);
      }, 1000);
    }
    if (size === 0) {
      clearInterval(sharedTimer);
      sharedTimer = undefined;
    }
  });

  /** @type {Record<string, import('./index.js').Route>} */
  const routes = {
    'GET /sse/demo'(req, res) {
      const stream = openStream(req, res, { retry: 1000 });
      stream.send({ event: 'heartbeat', data: 'OK' });
      // Adding the stream broadcasts the new count to everyone, this stream included.
      demo.add(stream);
    },

    'GET /sse/shared'(req, res, query) {
      const from = Number(lastEventId(req) ?? query.get('lastEventID') ?? Number.NaN);
      const stream = openStream(req, res, { retry: 1000 });
      if (Number.isFinite(from)) for (const tick of recent) if (tick.id > from) stream.send(tick);
      // Adding the stream broadcasts the new count, to this stream too.
      shared.add(stream);
    },

    'GET /sse/flaky'(req, res) {
      flakyRequests += 1;
      if (flakyRequests % 3 === 0) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('flaky: this reconnect fails on purpose\n');
        return;
      }
      const stream = openStream(req, res, { retry: 1500 });
      flaky.add(stream);
      let id = Number(lastEventId(req)) || 0;
      let sent = 0;
      const timer = setInterval(() => {
        id += 1;
        stream.send({ event: 'message', data: `event #${id}`, id });
        if (++sent === 6) stream.end();
      }, 500);
      stream.onClose(() => clearInterval(timer));
    },

    'POST /sse/demo/bad-price'(_req, res) {
      demo.broadcast({ event: 'price', data: JSON.stringify({ symbol: 'ACME', price: 'n/a', change: '?' }) });
      sendJson(res, 202, { ok: true });
    },

    async 'POST /sse/chat'(req, res) {
      try {
        const body = JSON.parse(await readBody(req));
        const name = String(body.name ?? '').trim().slice(0, 40) || 'anonymous';
        const text = String(body.text ?? '').trim().slice(0, 500);
        if (!text) return sendJson(res, 400, { error: 'text is required' });
        demo.broadcast({ event: 'chat', data: JSON.stringify({ name, text, at: new Date().toISOString() }) });
        sendJson(res, 202, { ok: true });
      } catch (error) {
        sendJson(res, 400, { error: error instanceof Error ? error.message : 'bad request' });
      }
    },
  };

  return {
    routes,
    close() {
      stop();
      clearInterval(sharedTimer);
      demo.closeAll();
      flaky.closeAll();
      shared.closeAll();
    },
  };
}
