// Fastify with @fastify/sse, as its README documents: an `{ sse: 'only' }` route, `reply.sse.send({ id,
// event, data, retry })`, `reply.sse.lastEventId`, the plugin's `heartbeatInterval` keep-alive, and
// `reply.sse.sendHeaders()`, `reply.sse.keepAlive()` for a stream that outlives its handler (without it, the response ends when the
// handler returns). CORS from @fastify/cors, allowing the Last-Event-ID header the fetch transport sends.
import cors from '@fastify/cors';
import sse from '@fastify/sse';
import Fastify from 'fastify';
import { createLog, eventName, keyOf, KEEPALIVE, plan, ready, RETRY, sleep, SPACING } from './scenario.js';

const log = createLog();
const app = Fastify();

app.addHook('onRequest', async (request) => {
  if (request.method === 'OPTIONS') log.preflight(keyOf(request.url));
});
await app.register(cors, { origin: '*', allowedHeaders: ['Last-Event-ID'] });
await app.register(sse, { heartbeatInterval: KEEPALIVE });

app.get('/stats', async (request) => log.stats(keyOf(request.url)));

app.get('/events', { sse: 'only' }, async (request, reply) => {
  const key = keyOf(request.url);
  log.request(key, reply.sse.lastEventId);
  const { ids, end } = plan(reply.sse.lastEventId);
  // Headers go out with the first event unless sent before; a client that is caught up gets no event,
  // and must still see its stream open (and the heartbeat start) at once.
  reply.sse.sendHeaders();
  for (const [i, n] of ids.entries()) {
    await sleep(SPACING);
    if (!reply.sse.isConnected) return;
    // @fastify/sse sends `retry:` as a field of a message: the first one carries it.
    await reply.sse.send({ id: String(n), event: eventName(n), data: { n }, retry: i === 0 ? RETRY : undefined });
  }
  if (end) log.end(key);
  // Caught up: the stream stays open, kept alive by the plugin's heartbeat, until the client goes.
  else reply.sse.keepAlive();
});

await app.listen({ host: '127.0.0.1', port: 0 });
ready(/** @type {import('node:net').AddressInfo} */ (app.server.address()).port);
