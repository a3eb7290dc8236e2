import type { ConnectionStatus } from '../store/types.js';

export interface SseStateChangeDetail {
  state: ConnectionStatus;
  previous: ConnectionStatus | null;
}

/** The connection an element shows changed state (`connecting`, `open`, `reconnecting`, `closed`). */
export class SseStateChangeEvent extends CustomEvent<SseStateChangeDetail> {
  static readonly eventName = 'sse-state-change';
  constructor(detail: SseStateChangeDetail) {
    super(SseStateChangeEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'sse-state-change': SseStateChangeEvent;
  }
}
