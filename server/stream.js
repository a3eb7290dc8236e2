// The SSE wire format, written by hand on purpose: the server side is a few lines of text
// (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).

/**
 * @typedef {object} SseEvent
 * @property {string} [event] event name; omitted means `message`
 * @property {string} data may contain newlines: each line becomes a `data:` line
 * @property {string | number} [id]
 */

/**
 * @typedef {object} Stream
 * @property {(event: SseEvent) => boolean} send false once the client is gone
 * @property {(text: string) => void} comment
 * @property {() => void} end ends the response: a dropped stream, as far as the client can tell
 * @property {() => boolean} closed
 * @property {(fn: () => void) => void} onClose
 */

/** @param {SseEvent} event */
export function formatEvent({ event, data, id }) {
  let frame = '';
  if (event) frame += `event: ${event}\n`;
  if (id !== undefined) frame += `id: ${id}\n`;
  for (const line of String(data).split(/\r\n|\r|\n/)) frame += `data: ${line}\n`;
  return frame + '\n';
}

/**
 * Answers `req` with an event stream.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{ retry?: number }} [options] a `retry:` field tells the browser how long to wait before its own reconnects
 * @returns {Stream}
 */
export function openStream(req, res, options = {}) {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    // Readable from another origin (the tests use 127.0.0.1 beside localhost for a second connection pool).
    'access-control-allow-origin': '*',
  });
  res.flushHeaders();
  if (options.retry !== undefined) res.write(`retry: ${options.retry}\n\n`);
  let closed = false;
  /** @type {Array<() => void>} */
  const closers = [];
  const close = () => {
    if (closed) return;
    closed = true;
    for (const fn of closers.splice(0)) fn();
  };
  req.on('close', close);
  res.on('close', close);
  return {
    send(event) {
      if (!closed) res.write(formatEvent(event));
      return !closed;
    },
    comment(text) {
      if (!closed) res.write(`: ${text}\n\n`);
    },
    end() {
      res.end();
      close();
    },
    closed: () => closed,
    onClose(fn) {
      if (closed) fn();
      else closers.push(fn);
    },
  };
}

/**
 * The id the client resumes from: the `Last-Event-ID` header the browser sends on its own reconnects.
 * Header values reach Node as latin1, so a non-ASCII id is decoded back from UTF-8.
 * @param {import('node:http').IncomingMessage} req
 */
export function lastEventId(req) {
  const header = req.headers['last-event-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value === undefined ? undefined : Buffer.from(value, 'latin1').toString('utf8');
}

/** A set of open streams that can be counted and written to at once. */
export class Channel {
  /** @type {Set<Stream>} */
  streams = new Set();
  /** @type {Set<(count: number) => void>} */
  watchers = new Set();

  /** @param {Stream} stream */
  add(stream) {
    this.streams.add(stream);
    this.changed();
    stream.onClose(() => {
      this.streams.delete(stream);
      this.changed();
    });
  }

  /** @param {import('./stream.js').SseEvent} event */
  broadcast(event) {
    for (const stream of this.streams) stream.send(event);
  }

  get size() {
    return this.streams.size;
  }

  changed() {
    for (const watcher of this.watchers) watcher(this.streams.size);
  }

  closeAll() {
    for (const stream of [...this.streams]) stream.end();
  }
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
export function sendJson(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit bytes
 * @returns {Promise<string>}
 */
export function readBody(req, limit = 4096) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > limit) {
        reject(new Error('body too large'));
        req.destroy();
      }
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}
