export { createSseStore, sseStore } from './store.js';
export type { SseState, SseStore, SseStoreConfig } from './store.js';
export { connectionKey, resolveUrl } from './key.js';
export { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
export { eventSourceTransport } from './transport.js';
export type { SseTransport, TransportConnection, TransportHandlers } from './transport.js';
export type {
  BackoffOptions,
  ConnectionOptions,
  ConnectionState,
  ConnectionStatus,
  Release,
  SseError,
  SseListener,
  SseMessage,
} from './types.js';
