import { formatEvent, lastEventId, readBody, sendJson } from './stream.js';

/** How long a finished answer's events are kept for a resume (the AI SDK's resumable-stream keeps them in Redis). */
const KEEP_ANSWER = 5 * 60_000;

/**
 * Streamed answers, the way LLM APIs send them: a POST with a question, the answer in pieces, then an end.
 *
 * `POST /sse/ask?key=K` with a JSON body `{ "question": "…" }`:
 * - `style=openai` (default): `data: {"choices":[{"delta":{"content":"…"}}]}` per piece, then `data: [DONE]`;
 *   `style=anthropic`: `event: content_block_delta` with `data: {"delta":{"text":"…"}}`, then `event: message_stop`.
 * - the pieces are the words of a canned answer (markup included, to show it stays text), or with
 *   `pieces=N&size=S` N pieces of S characters; `interval=ms` between them (default 40; 0 sends all at once).
 * - `hold=1` keeps the response open after the end marker (the client must close it); `cut=N` stops after
 *   N pieces and breaks the connection (no end) at `POST /sse/ask/break?key=K`; `bad=N` makes piece N not JSON.
 * - `answer=A` makes it a resumable answer: each event gets an id (1, 2, …, the end marker too), and the answer
 *   is generated whoever listens, its events kept by answer id for KEEP_ANSWER after it ends; the POST's
 *   response follows it. `GET /sse/ask/stream?answer=A` (the resume URL) sends the events after its
 *   `Last-Event-ID` (all of them without one), then follows the answer to its end; 204 for an answer it
 *   does not have.
 * `GET /sse/ask/stats?key=K`: `{ requests, bodies, finished, aborted, resumes, resumedFrom }`: `finished`
 * counts end markers sent, `aborted` responses the client closed before the server ended them, `resumes`
 * the resume GETs of the key's answers and `resumedFrom` their `Last-Event-ID`s.
 *
 * A break waits for the test to ask, once it has read the pieces before it: a browser throws away what it
 * received but had not yet handed to the page when the response fails (a body stream's error empties its
 * queue), and a loaded machine's page reads late, so a break right after the last piece could take it along.
 */
export function createAskEndpoints() {
  /** @typedef {{ requests: number, bodies: string[], finished: number, aborted: number, resumes: number, resumedFrom: (string | null)[] }} AskStats */
  /** @type {Map<string, AskStats>} */
  const stats = new Map();
  /**
   * The resumable answers by id: every frame so far, whether it ended, and the responses following it.
   * @typedef {{ key: string, frames: string[], ended: boolean, followers: Set<(frame: string | null) => void>, timer?: ReturnType<typeof setTimeout> }} Answer
   * @type {Map<string, Answer>}
   */
  const answers = new Map();
  /** @type {Set<import('node:http').ServerResponse>} */
  const open = new Set();
  /** The answers stopped at their `cut`, by key: each breaks its connection when called. */
  /** @type {Map<string, Set<() => void>>} */
  const breaks = new Map();
  /** @param {string} key */
  const statsFor = (key) => {
    let entry = stats.get(key);
    if (!entry) stats.set(key, (entry = { requests: 0, bodies: [], finished: 0, aborted: 0, resumes: 0, resumedFrom: [] }));
    return entry;
  };

  /** @param {string} question */
  const answer = (question) =>
    `You asked: "${question}". Server-sent events stream text over plain HTTP, one piece at a time; ` +
    `<sse-text> shows the pieces as one growing text, so <b>markup</b> like this stays text.`;

  /**
   * Sends `answer`'s frames after the id `from` (numbers: the n-th frame has id n) to `res`, then each new one,
   * and ends `res` with the answer.
   * @param {import('node:http').ServerResponse} res @param {Answer} answer @param {number} from @param {AskStats} entry
   */
  const follow = (res, answer, from, entry) => {
    /** The server ended the response; a close before that is the client's. */
    let ended = false;
    /** @param {string | null} frame null: the answer ended */
    const write = (frame) => {
      if (frame !== null) return void res.write(frame);
      ended = true;
      res.end();
    };
    open.add(res);
    res.on('close', () => {
      open.delete(res);
      answer.followers.delete(write);
      if (!ended) entry.aborted += 1;
    });
    for (const frame of answer.frames.slice(from)) res.write(frame);
    if (answer.ended) write(null);
    else answer.followers.add(write);
  };

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
      const answerId = query.get('answer');
      if (answerId !== null) return resumable(res, answerId, { key: query.get('key') ?? 'default', entry, pieces, anthropic, interval });
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
        if (i >= cut) return waitForBreak();
        if (i >= pieces.length) return finish();
        i += 1;
        res.write(frame(pieces[i - 1], i));
        // Ready to break as the last piece goes out, not a timer later: a client that has it may ask at once.
        if (i >= cut) return waitForBreak();
        setTimeout(next, interval);
      };
      /** Stopped at its cut: it breaks when `POST /sse/ask/break` asks. */
      const waitForBreak = () => {
        const key = query.get('key') ?? 'default';
        const waiting = breaks.get(key) ?? new Set();
        breaks.set(key, waiting);
        const breakIt = () => {
          waiting.delete(breakIt);
          // The server breaks it: not an abort by the client.
          ended = true;
          res.destroy();
        };
        waiting.add(breakIt);
        res.on('close', () => waiting.delete(breakIt));
      };
      if (anthropic) res.write(formatEvent({ event: 'message_start', data: '{"type":"message_start"}' }));
      setTimeout(next, interval);
    },

    'GET /sse/ask/stream'(req, res, query) {
      const answer = answers.get(query.get('answer') ?? '');
      if (!answer) return void res.writeHead(204).end();
      const entry = statsFor(answer.key);
      const from = lastEventId(req) ?? null;
      entry.resumes += 1;
      entry.resumedFrom.push(from);
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
      res.flushHeaders();
      follow(res, answer, Math.max(0, Number(from ?? 0) || 0), entry);
    },

    async 'POST /sse/ask/break'(req, res, query) {
      await readBody(req, 1024);
      const waiting = [...(breaks.get(query.get('key') ?? 'default') ?? [])];
      for (const breakIt of waiting) breakIt();
      sendJson(res, 200, { broken: waiting.length });
    },

    'GET /sse/ask/stats'(_req, res, query) {
      sendJson(res, 200, statsFor(query.get('key') ?? 'default'));
    },
  };

  /**
   * A resumable answer: generated on a timer whoever listens (a reload does not stop it), its frames kept by
   * id, the POST's response following it as a resume would.
   * @param {import('node:http').ServerResponse} res
   * @param {string} id
   * @param {{ key: string, entry: AskStats, pieces: string[], anthropic: boolean, interval: number }} how
   */
  function resumable(res, id, { key, entry, pieces, anthropic, interval }) {
    /** @type {Answer} */
    const answer = { key, frames: [], ended: false, followers: new Set() };
    const previous = answers.get(id);
    if (previous) clearTimeout(previous.timer);
    answers.set(id, answer);
    /** @param {string} frame */
    const add = (frame) => {
      answer.frames.push(frame);
      answer.followers.forEach((write) => write(frame));
    };
    const data = (/** @type {string} */ text) =>
      JSON.stringify(
        anthropic
          ? { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }
          : { object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: text } }] },
      );
    follow(res, answer, 0, entry);
    let i = 0;
    const next = () => {
      if (i < pieces.length) {
        i += 1;
        add(formatEvent({ event: anthropic ? 'content_block_delta' : undefined, data: data(pieces[i - 1]), id: i }));
        answer.timer = setTimeout(next, interval);
        return;
      }
      add(anthropic ? formatEvent({ event: 'message_stop', data: '{"type":"message_stop"}', id: i + 1 }) : formatEvent({ data: '[DONE]', id: i + 1 }));
      entry.finished += 1;
      answer.ended = true;
      answer.followers.forEach((write) => write(null));
      answer.followers.clear();
      answer.timer = setTimeout(() => answers.get(id) === answer && answers.delete(id), KEEP_ANSWER);
    };
    answer.timer = setTimeout(next, interval);
  }

  return {
    routes,
    close() {
      for (const res of [...open]) res.destroy();
      breaks.clear();
      for (const answer of answers.values()) clearTimeout(answer.timer);
      answers.clear();
    },
  };
}
