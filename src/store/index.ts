export { createSseStore, sseStore } from './store.js';
export type { SseState, SseStore, SseStoreConfig } from './store.js';
export { defineStream, type SseStream, type SseStreamMessage, type SseStreamOptions } from './stream.js';
export { connectionKey, resolveUrl, transportOf } from './key.js';
export { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
export { eventSourceTransport } from './transports/eventsource.js';
export { lazyTransport } from './transport.js';
export { tapMessages, type SseTap, type SseTapEvent } from './tap.js';
export type { SseTransport, TransportConnection, TransportFailure, TransportHandlers, TransportRequest } from './transport.js';
export type {
  BackoffOptions,
  ConnectionOptions,
  ConnectionState,
  ConnectionStatus,
  Release,
  SseDecoder,
  SseError,
  SseEvents,
  SseIssue,
  SseListener,
  SseListenOptions,
  SseHeaders,
  SseMessage,
  SseRawMessage,
  SseStorage,
  SseTransportName,
  SseValueOf,
} from './types.js';
export type { StandardSchemaV1 } from './standard-schema.js';
