// Hono's `streamSSE` on @hono/node-server, as Hono's streaming helper documents it: `writeSSE({ data,
// event, id, retry })`, `stream.sleep`, `stream.onAbort`; CORS from `hono/cors`, allowing the
// Last-Event-ID header the fetch transport sends. Hono has no keep-alive of its own: a comment
// written with `stream.write` is how its docs keep a stream busy. Returning from the callback ends
// the response.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { streamSSE } from 'hono/streaming';
import { createLog, eventName, keyOf, KEEPALIVE, plan, ready, RETRY, SPACING } from './scenario.js';

const log = createLog();
const app = new Hono();

app.use('*', async (c, next) => {
  if (c.req.method === 'OPTIONS') log.preflight(keyOf(c.req.url));
  await next();
});
app.use('*', cors({ origin: '*', allowHeaders: ['Last-Event-ID'] }));

app.get('/stats', (c) => c.json(log.stats(keyOf(c.req.url))));

app.get('/events', (c) =>
  streamSSE(c, async (stream) => {
    const key = keyOf(c.req.url);
    const lastEventId = c.req.header('Last-Event-ID');
    log.request(key, lastEventId ?? null);
    const { ids, end } = plan(lastEventId);
    const keepAlive = async (/** @type {number} */ ms) => {
      for (let waited = 0; waited < ms && !stream.aborted; waited += KEEPALIVE) {
        await stream.write(': keep-alive\n\n');
        await stream.sleep(KEEPALIVE);
      }
    };
    for (const [i, n] of ids.entries()) {
      await keepAlive(SPACING);
      if (stream.aborted) return;
      // Hono sends `retry:` as a field of an event: the first one carries it.
      await stream.writeSSE({ event: eventName(n), id: String(n), data: JSON.stringify({ n }), retry: i === 0 ? RETRY : undefined });
    }
    if (end) {
      log.end(key);
      return;
    }
    while (!stream.aborted) await keepAlive(1000);
  }),
);

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => ready(info.port));
