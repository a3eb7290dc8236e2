import { formatEvent, readBody, sendJson } from './stream.js';

/**
 * Streamed answers, the way LLM APIs send them: a POST with a question, the answer in pieces, then an end.
 *
 * `POST /sse/ask?key=K` with a JSON body `{ "question": "…" }`:
 * - `style=openai` (default): `data: {"choices":[{"delta":{"content":"…"}}]}` per piece, then `data: [DONE]`;
 *   `style=anthropic`: `event: content_block_delta` with `data: {"delta":{"text":"…"}}`, then `event: message_stop`.
 * - the pieces are the words of a canned answer (markup included, to show it stays text), or with
 *   `pieces=N&size=S` N pieces of S characters; `interval=ms` between them (default 40; 0 sends all at once).
 * - `hold=1` keeps the response open after the end marker (the client must close it); `cut=N` breaks
 *   the connection after N pieces (no end); `bad=N` makes piece N not JSON.
 * `GET /sse/ask/stats?key=K`: `{ requests, bodies, finished, aborted }`: `finished` counts end markers
 * sent, `aborted` responses the client closed before the server ended them.
 */
export function createAskEndpoints() {
  /** @type {Map<string, { requests: number, bodies: string[], finished: number, aborted: number }>} */
  const stats = new Map();
  /** @type {Set<import('node:http').ServerResponse>} */
  const open = new Set();
  /** @param {string} key */
  const statsFor = (key) => {
    let entry = stats.get(key);
    if (!entry) stats.set(key, (entry = { requests: 0, bodies: [], finished: 0, aborted: 0 }));
    return entry;
  };

  /** @param {string} question */
  const answer = (question) =>
    `You asked: "${question}". Server-sent events stream text over plain HTTP, one piece at a time; ` +
    `<sse-text> shows the pieces as one growing text, so <b>markup</b> like this stays text.`;

  /** @type {Record<string, import('./index.js').Route>} */
  const routes = {
    async 'POST /sse/ask'(req, res, query) {
      const entry = statsFor(query.get('key') ?? 'default');
      entry.requests += 1;
      const body = await readBody(req, 64 * 1024);
      entry.bodies.push(body);
      let question = '';
      try {
        question = String(JSON.parse(body).question ?? '').slice(0, 200);
      } catch {
        return sendJson(res, 400, { error: 'the body must be JSON: { "question": "…" }' });
      }
      const count = Number(query.get('pieces') ?? 0);
      const size = Number(query.get('size') ?? 5);
      const pieces = count
        ? Array.from({ length: count }, (_, i) => `${i}`.padStart(size, '·').slice(-size))
        : (answer(question).match(/\S+\s*/g) ?? []);
      const anthropic = query.get('style') === 'anthropic';
      const interval = Number(query.get('interval') ?? 40);
      const cut = Number(query.get('cut') ?? Infinity);
      const bad = Number(query.get('bad') ?? 0);
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
      res.flushHeaders();
      open.add(res);
      /** The server ended the response (or broke it on purpose); a close before that is the client's. */
      let ended = false;
      res.on('close', () => {
        open.delete(res);
        if (!ended) entry.aborted += 1;
      });
      /** @param {string} text @param {number} n */
      const frame = (text, n) =>
        formatEvent({
          event: anthropic ? 'content_block_delta' : undefined,
          data:
            n === bad
              ? '{not json'
              : JSON.stringify(
                  anthropic
                    ? { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }
                    : { object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: text } }] },
                ),
        });
      const finish = () => {
        res.write(anthropic ? formatEvent({ event: 'message_stop', data: '{"type":"message_stop"}' }) : formatEvent({ data: '[DONE]' }));
        entry.finished += 1;
        if (query.get('hold') !== '1') {
          ended = true;
          return res.end();
        }
      };
      let i = 0;
      const next = () => {
        if (res.destroyed) return;
        if (interval <= 0) {
          res.write(pieces.map((piece, n) => frame(piece, n + 1)).join(''));
          return finish();
        }
        if (i >= cut) {
          // The server breaks it: not an abort by the client.
          ended = true;
          return res.destroy();
        }
        if (i >= pieces.length) return finish();
        i += 1;
        res.write(frame(pieces[i - 1], i));
        setTimeout(next, interval);
      };
      if (anthropic) res.write(formatEvent({ event: 'message_start', data: '{"type":"message_start"}' }));
      setTimeout(next, interval);
    },

    'GET /sse/ask/stats'(_req, res, query) {
      sendJson(res, 200, statsFor(query.get('key') ?? 'default'));
    },
  };

  return {
    routes,
    close() {
      for (const res of [...open]) res.destroy();
    },
  };
}
