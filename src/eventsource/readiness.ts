import type { ConnectionState } from '../store/index.js';

/** `readyState`'s values, as the WHATWG EventSource names them. */
export const CONNECTING = 0;
export const OPEN = 1;
export const CLOSED = 2;
export type ReadyState = typeof CONNECTING | typeof OPEN | typeof CLOSED;

/** What one instance does about a change of its connection's state: fire `open` or `error`, moving to `readyState`. */
export interface Announcement {
  event: 'open' | 'error';
  readyState: ReadyState;
}

/**
 * What a native EventSource would fire for this change of the shared connection's public state, given the
 * `readyState` the instance is heading for (its queued events included). The store's states map to
 * readyState as `open` to OPEN, `closed` (for good) to CLOSED, and the others to CONNECTING:
 * - the stream opened: `open`;
 * - it closed for good (an HTTP error, another content type, a rule that waits for `reconnect()`): `error`, CLOSED;
 * - an open stream dropped, paused or restarted: `error`, CONNECTING (it reconnects, as a native one does);
 * - while connecting, each failed attempt: `error`, CONNECTING. An attempt failed when the connection starts
 *   reconnecting, or schedules another retry (a new `retryAt`). What the store does not show is not invented:
 *   the browser's own reconnects after a drop fail without a new retry time, so a run of them is one `error`.
 * An instance's first look at a connection (one it joins) fires nothing but the `open` of an open stream:
 * another holder's failures are not its own.
 */
export function announce(heading: ReadyState, previous: ConnectionState | undefined, current: ConnectionState | undefined): Announcement | null {
  if (!current || heading === CLOSED) return null;
  switch (current.state) {
    case 'open':
      return heading === OPEN ? null : { event: 'open', readyState: OPEN };
    case 'closed':
      return { event: 'error', readyState: CLOSED };
    default: {
      if (heading === OPEN) return { event: 'error', readyState: CONNECTING };
      if (!previous) return null;
      const startedReconnecting = current.state === 'reconnecting' && previous.state !== 'reconnecting';
      const newRetry = current.retryAt !== null && current.retryAt !== previous.retryAt;
      return startedReconnecting || newRetry ? { event: 'error', readyState: CONNECTING } : null;
    }
  }
}
