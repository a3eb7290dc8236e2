import { initTRPC, tracked } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { formatEvent, openStream, sendJson } from '../../server/stream.js';

// The integrations' servers, in the test runner's own process (mounted as middleware in
// web-test-runner.config.js), each counting what it saw per `key` for the tests to ask:
// - a tRPC 11 router (`/integrations/trpc/`) with a subscription that yields `tracked()` events, drops its
//   connection every `dropAfter` events and resumes after the client's last event id;
// - a Turbo Streams endpoint (`/integrations/turbo`) sending `<turbo-stream action="update">` events.

/**
 * @typedef {object} Seen what the server saw for one key
 * @property {number} requests
 * @property {number} open streams open now
 * @property {(string | null)[]} authorization each request's Authorization header
 * @property {(string | null)[]} lastEventIds the last event id each request resumed after
 */

/** @type {Map<string, Seen>} */
const seen = new Map();
/** @param {string} key */
const seenFor = (key) => {
  let entry = seen.get(key);
  if (!entry) seen.set(key, (entry = { requests: 0, open: 0, authorization: [], lastEventIds: [] }));
  return entry;
};

/** @param {number} ms @param {AbortSignal | undefined} signal */
const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve(undefined);
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });

/** @typedef {{ req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse }} Context */
const t = /** @type {ReturnType<typeof initTRPC.context<Context>>} */ (initTRPC.context()).create();

/** @typedef {{ key: string, count: number, dropAfter?: number, interval?: number, lastEventId?: string | null }} TicksInput */

export const appRouter = t.router({
  /** Events 1…count as `tracked(String(n), { n })`, resuming after `lastEventId`. */
  ticks: t.procedure.input((/** @type {unknown} */ value) => /** @type {TicksInput} */ (value)).subscription(async function* ({ input, ctx, signal }) {
    const entry = seenFor(input.key);
    entry.requests += 1;
    entry.open += 1;
    entry.authorization.push(ctx.req.headers.authorization ?? null);
    entry.lastEventIds.push(input.lastEventId ?? null);
    ctx.res.once('close', () => (entry.open -= 1));
    let sent = 0;
    for (let n = Number(input.lastEventId ?? 0) + 1; n <= input.count && !signal?.aborted; n++) {
      await sleep(input.interval ?? 20, signal);
      if (signal?.aborted) return;
      yield tracked(String(n), { n });
      sent += 1;
      if (input.dropAfter && sent >= input.dropAfter && n < input.count) {
        // A server drop: the connection goes after this event, as a restart or a proxy's timeout would end it.
        await sleep(20, signal);
        ctx.res.destroy();
        return;
      }
    }
    // The stream stays open once every event is out, as a live subscription does.
    await sleep(60_000, signal);
  }),
});

/** @typedef {typeof appRouter} AppRouter */

const trpc = createHTTPHandler({ router: appRouter, createContext: ({ req, res }) => ({ req, res }), basePath: '/integrations/trpc/' });

/**
 * `GET /integrations/turbo?key=K&count=N&interval=ms&target=id`: N Turbo Stream events (ids 1…N), each
 * updating the element `target` with its number; then the stream stays open.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URLSearchParams} query
 */
function turbo(req, res, query) {
  const entry = seenFor(query.get('key') ?? 'default');
  entry.requests += 1;
  entry.open += 1;
  const stream = openStream(req, res, { retry: 50 });
  stream.onClose(() => (entry.open -= 1));
  const count = Number(query.get('count') ?? 5);
  const target = query.get('target') ?? 'turbo-target';
  let n = 0;
  const timer = setInterval(() => {
    if (++n > count) return clearInterval(timer);
    res.write(formatEvent({ id: n, data: `<turbo-stream action="update" target="${target}"><template>${n}</template></turbo-stream>` }));
  }, Number(query.get('interval') ?? 50));
  stream.onClose(() => clearInterval(timer));
}

/**
 * The servers as Koa middleware for the test runner's dev server.
 * @returns {(ctx: { req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, respond?: boolean }, next: () => Promise<unknown>) => Promise<unknown>}
 */
export function integrationsMiddleware() {
  return async (ctx, next) => {
    const url = new URL(ctx.req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/integrations/trpc/')) {
      // Koa starts every response at 404; tRPC sets the status only when it is not 200.
      ctx.res.statusCode = 200;
      trpc(ctx.req, ctx.res);
    }
    else if (url.pathname === '/integrations/turbo') turbo(ctx.req, ctx.res, url.searchParams);
    else if (url.pathname === '/integrations/stats') sendJson(ctx.res, 200, seenFor(url.searchParams.get('key') ?? 'default'));
    else return next();
    ctx.respond = false;
  };
}
