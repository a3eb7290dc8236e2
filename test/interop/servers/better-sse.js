// better-sse on Node's own http server, as its recipes show: `createSession(req, res, options)`, with
// `retry`, `keepAlive` and `headers` from its SessionOptions, `session.lastId` (the client's
// Last-Event-ID) and `session.push(data, event, id)`. It has no CORS of its own, so the preflight is
// answered here and the stream's CORS header goes through its `headers` option.
import { createServer } from 'node:http';
import { createSession } from 'better-sse';
import { createLog, eventName, keyOf, KEEPALIVE, plan, ready, RETRY, sleep, SPACING } from './scenario.js';

const log = createLog();
const cors = { 'Access-Control-Allow-Origin': '*' };

const server = createServer(async (req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  const key = keyOf(req.url);
  if (pathname === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json', ...cors }).end(JSON.stringify(log.stats(key)));
  } else if (pathname === '/events' && req.method === 'OPTIONS') {
    log.preflight(key);
    res.writeHead(204, { ...cors, 'Access-Control-Allow-Methods': 'GET', 'Access-Control-Allow-Headers': 'Last-Event-ID' }).end();
  } else if (pathname === '/events' && req.method === 'GET') {
    const session = await createSession(req, res, { retry: RETRY, keepAlive: KEEPALIVE, headers: cors });
    log.request(key, session.lastId || null);
    const { ids, end } = plan(session.lastId);
    for (const n of ids) {
      await sleep(SPACING);
      if (!session.isConnected) return;
      session.push({ n }, eventName(n), String(n));
    }
    // better-sse's FAQ: the server disconnects a session by ending the response.
    if (end && session.isConnected) {
      log.end(key);
      res.end();
    }
  } else {
    res.writeHead(404).end();
  }
});

server.listen(0, '127.0.0.1', () => ready(/** @type {import('node:net').AddressInfo} */ (server.address()).port));
