export { createSseStore, sseStore } from './store.js';
export type { SseState, SseStore, SseStoreConfig } from './store.js';
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
  SseError,
  SseListener,
  SseHeaders,
  SseMessage,
  SseStorage,
  SseTransportName,
} from './types.js';
