// `sse-kit/eventsource`: a standard EventSource backed by the store, for libraries that make their own
// (htmx's SSE extension, Turbo, tRPC's httpSubscriptionLink). Importing it installs nothing.
export { SseEventSource, type SseEventSourceInit } from './sse-event-source.js';
export { installEventSource } from './install.js';
