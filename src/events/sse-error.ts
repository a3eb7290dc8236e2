import type { SseError } from '../store/types.js';

/** The error, as data; about one message (`parse`, `invalid`, `render`), it carries the message's `data`, so nothing is lost. */
export type SseErrorDetail = SseError;

/** Something failed: the connection (see `type`) or one message. The element keeps working. */
export class SseErrorEvent extends CustomEvent<SseErrorDetail> {
  static readonly eventName = 'sse-error';
  constructor(detail: SseErrorDetail) {
    super(SseErrorEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'sse-error': SseErrorEvent;
  }
}
