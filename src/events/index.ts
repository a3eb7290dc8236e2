export { SseMessageEvent } from './sse-message.js';
export { SseErrorEvent, type SseErrorDetail } from './sse-error.js';
export { SseStateChangeEvent, type SseStateChangeDetail } from './sse-state-change.js';
