import type { ConnectionState, SseError } from '../store/types.js';
import type { InspectedConnection } from './inspector.js';
import type { Phase } from './state-history.js';

/** One connection's state, its recent changes and messages, as JSON for a bug report. */
export interface DevtoolsReport {
  /** What made it, and when (ISO 8601). */
  tool: 'sse-kit devtools';
  at: string;
  userAgent: string;
  /** The store's state for the connection (its last one, if it was released). No header values: the state has none. */
  connection: ConnectionState;
  /** The store still holds it. */
  held: boolean;
  rejected: number;
  /** Messages per second, one per second of the last minute, oldest first. */
  ratePerSecond: number[];
  /** The timeline's changes, oldest first. */
  changes: { at: string; phase: Phase; attempt: number; retryAt: string | null; error: SseError | null; offline: boolean }[];
  /** The messages kept, oldest first; `data` is cut at 16 KB (`truncated`). */
  messages: { receivedAt: string; type: string; id: string; size: number; data: string; truncated: boolean; error: SseError | null }[];
  /** Messages that arrived while recording was paused. */
  skipped: number;
}

const iso = (at: number) => new Date(at).toISOString();

export function reportOf(connection: InspectedConnection, now: number): DevtoolsReport {
  return {
    tool: 'sse-kit devtools',
    at: iso(now),
    userAgent: typeof navigator == 'undefined' ? '' : navigator.userAgent,
    connection: connection.state,
    held: connection.held,
    rejected: connection.state.rejected,
    ratePerSecond: connection.rate.series(now),
    changes: connection.history.changes().map(({ at, phase, attempt, retryAt, error, offline }) => ({
      at: iso(at),
      phase,
      attempt,
      retryAt: retryAt === null ? null : iso(retryAt),
      error,
      offline,
    })),
    messages: connection.messages.toArray().map(({ receivedAt, type, id, size, data, truncated, error }) => ({
      receivedAt: iso(receivedAt),
      type,
      id,
      size,
      data,
      truncated,
      error,
    })),
    skipped: connection.skipped,
  };
}
