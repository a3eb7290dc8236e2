import type { SseMessage } from '../store/types.js';

/** One server-sent event reached an element; `detail` is the message. */
export class SseMessageEvent extends CustomEvent<SseMessage> {
  static readonly eventName = 'sse-message';
  constructor(message: SseMessage) {
    super(SseMessageEvent.eventName, { detail: message, bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'sse-message': SseMessageEvent;
  }
}
