import { randomUUID } from 'node:crypto';
import { lastEventId, openStream, sendJson } from './stream.js';

/**
 * A stream behind bearer tokens, the way an API gateway guards one.
 * - `POST /sse/auth/token?session=S&ttl=ms`: a token for session S that expires after `ttl` ms (default
 *   15 s): `{ token, expiresAt }`.
 * - `GET /sse/auth/stream?session=S`: needs `Authorization: Bearer <token>`; 401 without a valid one. Sends
 *   a `tick` each `interval` ms (default 1000) with ids that go on across connections (it resumes from
 *   `Last-Event-ID`), and ends the stream when its token expires: the client must come back with a new one.
 * - `POST /sse/auth/revoke?session=S`: the session's tokens stop working now and its streams end, so the
 *   next attempt with a token in hand meets a 401.
 * - `GET /sse/auth/stats?session=S`: `{ tokens, requests, statuses, authorization }` as the server saw them.
 */
export function createAuthEndpoints() {
  /** @type {Map<string, { session: string, expiresAt: number }>} */
  const tokens = new Map();
  /** @type {Map<string, { tokens: number, requests: number, statuses: number[], authorization: (string | null)[], ends: Set<() => void> }>} */
  const sessions = new Map();
  /** @param {string} name */
  const sessionOf = (name) => {
    let session = sessions.get(name);
    if (!session) sessions.set(name, (session = { tokens: 0, requests: 0, statuses: [], authorization: [], ends: new Set() }));
    return session;
  };

  /** @type {Record<string, import('./index.js').Route>} */
  const routes = {
    'POST /sse/auth/token'(_req, res, query) {
      const name = query.get('session') ?? 'default';
      const ttl = Number(query.get('ttl') ?? 15_000);
      const token = randomUUID();
      const expiresAt = Date.now() + ttl;
      tokens.set(token, { session: name, expiresAt });
      sessionOf(name).tokens += 1;
      sendJson(res, 200, { token, expiresAt });
    },

    'GET /sse/auth/stream'(req, res, query) {
      const name = query.get('session') ?? 'default';
      const session = sessionOf(name);
      session.requests += 1;
      const header = req.headers.authorization ?? null;
      session.authorization.push(header);
      const grant = tokens.get(header?.replace(/^Bearer\s+/i, '') ?? '');
      const valid = grant && grant.session === name && grant.expiresAt > Date.now();
      if (!valid) {
        session.statuses.push(401);
        res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' });
        res.end(grant ? 'token expired or revoked\n' : 'a bearer token is required\n');
        return;
      }
      session.statuses.push(200);
      const stream = openStream(req, res, { retry: 250 });
      let id = Number(lastEventId(req)) || 0;
      const interval = Number(query.get('interval') ?? 1000);
      const send = () => {
        id += 1;
        stream.send({ event: 'tick', id, data: JSON.stringify({ n: id, expiresIn: Math.round((grant.expiresAt - Date.now()) / 1000) }) });
      };
      send();
      const ticker = setInterval(send, interval);
      // The token's life is the stream's life: past it, the client must prove itself again.
      const expiry = setTimeout(() => stream.end(), grant.expiresAt - Date.now());
      const end = () => stream.end();
      session.ends.add(end);
      stream.onClose(() => {
        clearInterval(ticker);
        clearTimeout(expiry);
        session.ends.delete(end);
      });
    },

    'POST /sse/auth/revoke'(_req, res, query) {
      const name = query.get('session') ?? 'default';
      for (const [token, grant] of tokens) if (grant.session === name) tokens.delete(token);
      const session = sessionOf(name);
      for (const end of [...session.ends]) end();
      sendJson(res, 200, { revoked: name });
    },

    'GET /sse/auth/stats'(_req, res, query) {
      const { ends: _ends, ...stats } = sessionOf(query.get('session') ?? 'default');
      sendJson(res, 200, stats);
    },
  };

  return {
    routes,
    close() {
      for (const session of sessions.values()) for (const end of [...session.ends]) end();
    },
  };
}
