import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cors from './handlers/cors.js';
import corsCookie from './handlers/cors-cookie.js';
import lastEventId from './handlers/last-event-id.js';
import lastEventId2 from './handlers/last-event-id2.js';
import message from './handlers/message.js';
import message2 from './handlers/message2.js';
import reconnectFail from './handlers/reconnect-fail.js';
import redirect from './handlers/redirect.js';
import { wptRequest } from './handlers/request.js';
import statusError from './handlers/status-error.js';
import statusReconnect from './handlers/status-reconnect.js';
import substitute from './handlers/substitute.js';

// The web-platform-tests' server, as far as the vendored eventsource/ tests need it, in the test runner's
// own process: their pages (an .any.js or .window.js wrapped in a page, as wptserve does; an .htm as it is),
// testharness.js, and the Python resource handlers ported to JS (handlers/). Every page is served twice:
// under /wpt/native/ as it is, and under /wpt/sse-kit/ with SseEventSource installed at
// globalThis.EventSource by a classic script that runs before any other (/wpt/shim.js), so the same
// tests meet both. The handlers answer under both prefixes and at the root, where the tests' absolute
// URLs go (/common/redirect.py, /eventsource/resources/...).

const here = (/** @type {string} */ path) => fileURLToPath(new URL(path, import.meta.url));
const TESTS = here('./eventsource/');
/** The two ways each page is run. */
export const IMPLS = ['native', 'sse-kit'];

/** @type {Record<string, (request: import('./handlers/request.js').WptRequest) => void>} */
const HANDLERS = {
  '/eventsource/resources/message.py': message,
  '/eventsource/resources/message2.py': message2,
  '/eventsource/resources/status-error.py': statusError,
  '/eventsource/resources/status-reconnect.py': statusReconnect,
  '/eventsource/resources/reconnect-fail.py': reconnectFail,
  '/eventsource/resources/last-event-id.py': lastEventId,
  '/eventsource/resources/last-event-id2.py': lastEventId2,
  '/eventsource/resources/cors-cookie.py': corsCookie,
  '/eventsource/resources/cors.py': (request) => cors(request, (name) => TESTS + 'resources/' + name),
  '/common/redirect.py': redirect,
};

/** The test files, as WPT names their pages: `x.any.js` → `x.any.html`, `x.window.js` → `x.window.html`, `x.htm`. */
export function wptTests() {
  return readdirSync(TESTS)
    .filter((name) => /\.(any|window)\.js$|\.htm$/.test(name))
    .sort()
    .map((name) => ({ file: name, page: name.replace(/\.js$/, '.html') }));
}

/** `// META: name=value` lines of a test script. @param {string} source */
function metaOf(source) {
  return [...source.matchAll(/^\/\/ META: *(\w+)=(.*)$/gm)].map(([, name, value]) => ({ name, value: value.trim() }));
}

const escape = (/** @type {string} */ text) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page wptserve makes for a script test, in window scope.
 * @param {string} file
 * @param {string | null} impl
 */
function wrapper(file, impl) {
  const meta = metaOf(readFileSync(TESTS + file, 'utf8'));
  const title = meta.find((m) => m.name === 'title')?.value;
  const scripts = meta.filter((m) => m.name === 'script').map((m) => `<script src="${escape(m.value)}"></script>`);
  return [
    '<!doctype html>',
    '<meta charset="utf-8">',
    title ? `<title>${escape(title)}</title>` : '',
    shimTag(impl),
    '<script>self.GLOBAL = { isWindow: () => true, isWorker: () => false, isShadowRealm: () => false };</script>',
    '<script src="/resources/testharness.js"></script>',
    '<script src="/resources/testharnessreport.js"></script>',
    ...scripts,
    '<div id="log"></div>',
    `<script src="${escape(file)}"></script>`,
    '',
  ].join('\n');
}

const shimTag = (/** @type {string | null} */ impl) => (impl === 'sse-kit' ? '<script src="/wpt/shim.js"></script>' : '');

/**
 * An .htm page as it is, with the shim first in it for sse-kit.
 * @param {string} path
 * @param {string | null} impl
 */
function htmlPage(path, impl) {
  const html = readFileSync(path, 'utf8');
  const shim = shimTag(impl);
  return shim ? html.replace(/^(<!doctype html>)?/i, (doctype) => `${doctype}\n${shim}`) : html;
}

/** The shim as one classic script (it must run before the test's classic scripts, which a module cannot). */
/** @type {Promise<string> | undefined} */
let shim;
const shimScript = () =>
  (shim ??= build({
    entryPoints: [here('./shim.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0].text));

/**
 * Answers a WPT request; false when the path is not one.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
async function handle(req, res) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/wpt/shim.js') return send(res, 'text/javascript', await shimScript());
  const prefixed = /^\/wpt\/([^/]+)(\/.*)$/.exec(url.pathname);
  const impl = prefixed && IMPLS.includes(prefixed[1]) ? prefixed[1] : null;
  const path = impl ? /** @type {string} */ (prefixed?.[2]) : url.pathname;
  if (path === '/resources/testharness.js' || path === '/resources/testharnessreport.js') {
    return send(res, 'text/javascript', readFileSync(here(`.${path}`)));
  }
  const handler = HANDLERS[path];
  if (handler) {
    handler(wptRequest(req, res));
    return true;
  }
  if (!path.startsWith('/eventsource/')) return false;
  const name = path.slice('/eventsource/'.length);
  if (name.includes('..')) return false;
  if (/\.event_stream$/.test(name)) {
    substitute(wptRequest(req, res), TESTS + name);
    return true;
  }
  if (/\.(any|window)\.html$/.test(name)) return send(res, 'text/html; charset=utf-8', wrapper(name.replace(/\.html$/, '.js'), impl));
  if (/\.htm$/.test(name)) return send(res, 'text/html; charset=utf-8', htmlPage(TESTS + name, impl));
  if (/\.js$/.test(name)) return send(res, 'text/javascript; charset=utf-8', readFileSync(TESTS + name));
  return false;
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {string} type
 * @param {string | Buffer} body
 */
function send(res, type, body) {
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
  return true;
}

/**
 * The WPT server as Koa middleware for the test runner's dev server (before its own files: /wpt/ is not on disk).
 * @returns {(ctx: { req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, respond?: boolean }, next: () => Promise<unknown>) => Promise<unknown>}
 */
export function wptMiddleware() {
  return async (ctx, next) => {
    if (!(await handle(ctx.req, ctx.res))) return next();
    ctx.respond = false;
  };
}

/**
 * The runner's commands: `wpt-tests` lists the test pages; `wpt-result` records one page's results in both
 * ways, per engine, for the table printed when the run ends.
 * @returns {import('@web/test-runner').TestRunnerPlugin}
 */
export function wptPlugin() {
  /** @type {Map<string, Map<string, { native: Result[], sseKit: Result[], known: Record<string, string> }>>} */
  const results = new Map();
  return {
    name: 'sse-kit:wpt',
    async executeCommand({ command, payload, session }) {
      if (command === 'wpt-tests') return wptTests();
      if (command !== 'wpt-result') return undefined;
      const { file, native, sseKit, known } = /** @type {{ file: string, native: Result[], sseKit: Result[], known: Record<string, string> }} */ (payload);
      const engine = session.browser.name;
      if (!results.has(engine)) results.set(engine, new Map());
      results.get(engine)?.set(file, { native, sseKit, known });
      return true;
    },
    serverStop() {
      if (results.size) console.log(table(results));
    },
  };
}

/** @typedef {{ name: string, status: string, message?: string | null }} Result */

/**
 * The per-engine table: per file, subtests passed natively and with SseEventSource, and what differs.
 * @param {Map<string, Map<string, { native: Result[], sseKit: Result[], known: Record<string, string> }>>} results
 */
function table(results) {
  const lines = ['', 'Web platform tests, eventsource/ (native EventSource vs SseEventSource, subtests passed):'];
  for (const [engine, files] of results) {
    lines.push('', `${engine}:`, '| file | native | SseEventSource | differences |', '| --- | ---: | ---: | --- |');
    let nativeTotal = 0;
    let oursTotal = 0;
    let count = 0;
    for (const [file, { native, sseKit, known }] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
      const passed = (/** @type {Result[]} */ list) => list.filter((result) => result.status === 'PASS').length;
      nativeTotal += passed(native);
      oursTotal += passed(sseKit);
      count += native.length;
      const notes = [];
      for (const result of native) {
        const ours = sseKit.find((other) => other.name === result.name);
        if (result.status !== 'PASS') notes.push(`native ${result.status}: ${result.name}${result.message ? ` (${result.message})` : ''}`);
        if (ours && ours.status !== result.status) {
          notes.push(`SseEventSource ${ours.status}: ${result.name}${known[result.name] ? ` — known: ${known[result.name]}` : ''}`);
        }
      }
      lines.push(`| ${file} | ${passed(native)}/${native.length} | ${passed(sseKit)}/${sseKit.length} | ${notes.join('; ').replace(/\|/g, '\\|')} |`);
    }
    lines.push(`| all | ${nativeTotal}/${count} | ${oursTotal}/${count} | |`);
  }
  return lines.join('\n');
}
