import type { SseError } from '../store/types.js';

export interface SseErrorDetail extends SseError {
  /** The message's data when the error is about one message (`parse`, `render`), so nothing is lost. */
  data?: string;
}

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
