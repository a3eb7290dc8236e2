// What a ported WPT handler reads and writes, in wptserve's terms: query values and headers as bytes
// (`request.GET.first(name, default)`), cookies by name, and a response set up before it is sent.

/**
 * The query string's values as bytes, percent-decoded byte by byte (`%EF%BB%BF` is a BOM, `%00` a NUL),
 * `+` as a space, as wptserve's `request.GET` gives them.
 * @param {string} search the raw query, without `?`
 * @returns {Map<string, Buffer>} the first value of each name
 */
function queryBytes(search) {
  /** @type {Map<string, Buffer>} */
  const values = new Map();
  for (const pair of search.split('&')) {
    if (!pair) continue;
    const at = pair.indexOf('=');
    const name = decode(at < 0 ? pair : pair.slice(0, at)).toString('latin1');
    if (!values.has(name)) values.set(name, decode(at < 0 ? '' : pair.slice(at + 1)));
  }
  return values;
}

/** @param {string} text */
function decode(text) {
  /** @type {number[]} */
  const bytes = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (char === '+') {
      bytes.push(0x20);
    } else {
      bytes.push(...Buffer.from(char, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/**
 * @typedef {object} WptRequest
 * @property {import('node:http').IncomingMessage} req
 * @property {import('node:http').ServerResponse} res
 * @property {(name: string) => Buffer | undefined} query a query value's bytes
 * @property {(name: string) => string | undefined} text a query value as text (latin1: bytes as they came)
 * @property {(name: string) => Buffer | undefined} header a request header's bytes
 * @property {Map<string, string>} cookies the request's cookies
 * @property {Record<string, string>} headers response headers set so far (wptserve's `response.headers`)
 * @property {string[]} setCookies response cookies set so far
 * @property {(name: string, value: string, options?: { expired?: boolean }) => void} setCookie as wptserve's `set_cookie`/`delete_cookie`, for path /
 * @property {(status: number, body?: string | Buffer, reason?: string) => void} send writes the status, the headers set and the body
 */

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @returns {WptRequest}
 */
export function wptRequest(req, res) {
  const search = (req.url ?? '').split('?').slice(1).join('?');
  const values = queryBytes(search);
  /** @type {Map<string, string>} */
  const cookies = new Map();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) cookies.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  /** @type {Record<string, string>} */
  const headers = {};
  /** @type {string[]} */
  const setCookies = [];
  return {
    req,
    res,
    query: (name) => values.get(name),
    text: (name) => values.get(name)?.toString('latin1'),
    header(name) {
      const value = req.headers[name.toLowerCase()];
      // Node reads header values as latin1: back to the bytes that came.
      return value === undefined ? undefined : Buffer.from(Array.isArray(value) ? value[0] : value, 'latin1');
    },
    cookies,
    headers,
    setCookies,
    setCookie(name, value, { expired = false } = {}) {
      setCookies.push(`${name}=${value}; Path=/${expired ? '; Expires=Fri, 27 Jul 2001 00:00:00 GMT' : ''}`);
    },
    send(status, body = '', reason) {
      if (setCookies.length) res.setHeader('set-cookie', setCookies);
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      res.setHeader('cache-control', headers['cache-control'] ?? 'no-store');
      if (reason) res.writeHead(status, reason);
      else res.writeHead(status);
      // 204 and 205 carry no body (status-error.py sends none for them either).
      res.end(status === 204 || status === 205 || status === 304 ? undefined : body);
    },
  };
}
