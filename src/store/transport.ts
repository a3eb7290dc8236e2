import { messageOf } from './errors.js';
import type { SseHeaders } from './types.js';

/** What the lifecycle asks a transport to send for one attempt. */
export interface TransportRequest {
  withCredentials: boolean;
  /** Headers, or the function that makes them: a transport that sends headers calls it for every attempt. */
  headers: SseHeaders | undefined;
  /** Upper-case HTTP method. */
  method: string;
  body: string | undefined;
  /** The newest event id; a transport that can set headers sends it as `Last-Event-ID` on every attempt. */
  lastEventId: string;
}

/** What a transport knows about an attempt that failed before it opened. */
export interface TransportFailure {
  /** For people: what the server answered, or why the request failed. */
  message: string;
  /** The HTTP status, when the transport can see it (fetch can; EventSource cannot). */
  status?: number;
  /** Ms the server asked to wait (`Retry-After`), when it said. */
  retryAfter?: number;
  /** Set when the request was never sent because the `headers` function threw or rejected. */
  headers?: true;
  /** Set when the request failed on the network (no HTTP answer at all), where the transport can tell. */
  network?: true;
}

/**
 * What a transport reports about one attempt. It reports only what happened; the lifecycle alone decides
 * what comes next (retry, backoff, close), so every transport behaves the same for users.
 */
export interface TransportHandlers {
  open(): void;
  /**
   * One event. `hasId`: it had an `id:` field of its own (false: it carries the id of an event before it), for
   * `persist`, which drops an event whose own id was delivered already; undefined where the transport cannot tell.
   */
  message(type: string, data: string, lastEventId: string, hasId?: boolean): void;
  /** The last event id changed without a message (an event with an `id` and no data). */
  id(lastEventId: string): void;
  /** The server set its reconnection time with a `retry:` field. */
  retry(ms: number): void;
  /** The transport is reconnecting by itself (the browser's EventSource after a drop, resending Last-Event-ID). */
  reconnecting(): void;
  /** The open stream ended: `clean` when the server finished the response, false when it broke off. */
  ended(clean: boolean): void;
  /** The attempt failed before it opened: an HTTP error, another content type, or a network failure. */
  failed(failure: TransportFailure): void;
}

/** One live attempt. */
export interface TransportConnection {
  /** Start delivering events named `type`; a transport delivers no other names. */
  subscribe(type: string): void;
  /** Ends the attempt for good; nothing is reported afterwards. */
  close(): void;
}

/**
 * How the store makes connections: the browser's EventSource, a fetch stream, or your own, injected
 * through `createSseStore({ transports })`.
 */
export interface SseTransport {
  /** False where the transport cannot work (no EventSource, no fetch): the connection closes with a clear error. */
  readonly supported: boolean;
  connect(url: string, request: TransportRequest, handlers: TransportHandlers): TransportConnection;
}

/**
 * A transport whose code loads on its first connection (a dynamic import), so pages that never use it
 * download nothing more. Subscriptions made while it loads are replayed once it is there.
 */
export function lazyTransport(load: () => Promise<SseTransport>, supported: () => boolean): SseTransport {
  let loaded: Promise<SseTransport> | undefined;
  return {
    get supported() {
      return supported();
    },
    connect(url, request, handlers) {
      const types: string[] = [];
      let inner: TransportConnection | undefined;
      let closed = false;
      (loaded ??= load()).then(
        (transport) => {
          if (closed) return;
          inner = transport.connect(url, request, handlers);
          types.forEach(inner.subscribe);
        },
        (error: unknown) => {
          // A failed chunk load (offline, a deploy removed it) may work next time.
          loaded = undefined;
          if (!closed) handlers.failed({ network: true, message: `Could not load the transport: ${messageOf(error)}` });
        },
      );
      return {
        subscribe: (type) => (inner ? inner.subscribe(type) : types.push(type)),
        close() {
          closed = true;
          inner?.close();
        },
      };
    },
  };
}
