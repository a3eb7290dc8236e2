import { createAskEndpoints } from './ask.js';
import { createAuthEndpoints } from './auth.js';
import { createChaos } from './chaos.js';
import { createDemoEndpoints } from './demo.js';

/**
 * @typedef {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, query: URLSearchParams) => unknown} Route
 */

/**
 * Every SSE endpoint of the project, as one request handler: the Vite dev server (the demo) and the
 * test runner mount this same code.
 */
export function createSseServer() {
  const demo = createDemoEndpoints();
  const chaos = createChaos();
  const auth = createAuthEndpoints();
  const ask = createAskEndpoints();
  /** @type {Record<string, Route>} */
  const routes = { ...demo.routes, ...chaos.routes, ...auth.routes, ...ask.routes };

  return {
    /**
     * Answers the request when a route matches; returns false to let the host server go on.
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:http').ServerResponse} res
     */
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = routes[`${req.method} ${url.pathname}`];
      if (!route) return false;
      Promise.resolve(route(req, res, url.searchParams)).catch((error) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
      return true;
    },
    close() {
      demo.close();
      chaos.close();
      auth.close();
      ask.close();
    },
  };
}

/**
 * A Vite plugin that serves the endpoints from the dev and preview servers: `npm start` needs no second process.
 * @returns {import('vite').Plugin}
 */
export function sseServerPlugin() {
  const server = createSseServer();
  /** @param {import('vite').Connect.Server} middlewares */
  const mount = (middlewares) => {
    middlewares.use((req, res, next) => {
      if (!server.handle(req, res)) next();
    });
  };
  return {
    name: 'sse-kit:server',
    configureServer(vite) {
      mount(vite.middlewares);
      vite.httpServer?.on('close', () => server.close());
    },
    configurePreviewServer(preview) {
      mount(preview.middlewares);
      preview.httpServer.on('close', () => server.close());
    },
  };
}

/**
 * The same endpoints as Koa middleware, for @web/test-runner's dev server.
 * @returns {(ctx: { req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, respond?: boolean }, next: () => Promise<unknown>) => Promise<unknown>}
 */
export function sseKoaMiddleware() {
  const server = createSseServer();
  return async (ctx, next) => {
    if (!server.handle(ctx.req, ctx.res)) return next();
    // The route writes to the raw response; Koa must not answer it again.
    ctx.respond = false;
  };
}
