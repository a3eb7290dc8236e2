import type { ConnectionState, ConnectionStatus, SseError } from '../store/types.js';

/**
 * What a connection was doing, as a timeline colours it: its state, except that a connection waiting
 * for a scheduled retry (backoff, `Retry-After`) is `waiting`, and one the store no longer holds (its
 * last holder let go) is `released`.
 */
export type Phase = ConnectionStatus | 'waiting' | 'released';

/** One change on a connection's timeline: from `at` on, it was in `phase`, with this error. */
export interface StateChange {
  /** `Date.now()` of the change. */
  at: number;
  phase: Phase;
  /** The store's state then; null once released. */
  state: ConnectionStatus | null;
  attempt: number;
  retryAt: number | null;
  error: SseError | null;
  offline: boolean;
}

/** A stretch of the timeline between two changes, clipped to the window shown. */
export interface Segment {
  change: StateChange;
  /** Where it starts and ends, `Date.now()` times within the window. */
  from: number;
  to: number;
}

export function phaseOf(connection: ConnectionState): Phase {
  if (connection.retryAt !== null && connection.state !== 'open') return 'waiting';
  return connection.state;
}

const sameError = (a: SseError | null, b: SseError | null) =>
  a === b || (a !== null && b !== null && a.type === b.type && a.message === b.message && a.status === b.status);

/**
 * Every change of one connection's state over the last `windowMs`, as the store's writes show them: a
 * new phase, attempt, error or network state is a change; a write that only counts messages is not.
 * Bounded twice: by time (what ended before the window is dropped) and by count (a reconnect storm).
 */
export class StateHistory {
  readonly windowMs: number;
  readonly maxChanges: number;
  #changes: StateChange[] = [];

  constructor(windowMs = 5 * 60_000, maxChanges = 500) {
    this.windowMs = windowMs;
    this.maxChanges = maxChanges;
  }

  /** The newest change, or undefined before the first. */
  get last(): StateChange | undefined {
    return this.#changes[this.#changes.length - 1];
  }

  /** Records `connection`'s state as of `at` if it changed; true when it did. */
  record(connection: ConnectionState, at: number): boolean {
    const { state, attempt, retryAt, error, offline } = connection;
    const phase = phaseOf(connection);
    // Checked before a change is made: every message is a write, and nearly all of them change nothing here.
    if (this.#same(phase, attempt, offline, error)) return false;
    this.#push({ at, phase, state, attempt, retryAt, error, offline });
    return true;
  }

  /** The store let go of the connection at `at`. */
  release(at: number): boolean {
    const last = this.last;
    const attempt = last?.attempt ?? 0;
    const offline = last?.offline ?? false;
    if (this.#same('released', attempt, offline, null)) return false;
    this.#push({ at, phase: 'released', state: null, attempt, retryAt: null, error: null, offline });
    return true;
  }

  /** Whether the newest change already says this: the same phase, attempt, network state and error. */
  #same(phase: Phase, attempt: number, offline: boolean, error: SseError | null): boolean {
    const last = this.last;
    return !!last && last.phase === phase && last.attempt === attempt && last.offline === offline && sameError(last.error, error);
  }

  /** Adds a change the callers found new. */
  #push(change: StateChange): void {
    this.#changes.push(change);
    this.prune(change.at);
  }

  /** Drops what ended before the window (keeping the change the window starts in) and past `maxChanges`. */
  prune(now: number): void {
    const start = now - this.windowMs;
    let drop = 0;
    while (drop + 1 < this.#changes.length && this.#changes[drop + 1].at <= start) drop += 1;
    drop = Math.max(drop, this.#changes.length - this.maxChanges);
    if (drop > 0) this.#changes.splice(0, drop);
  }

  /** The changes kept, oldest first. */
  changes(): readonly StateChange[] {
    return this.#changes;
  }

  /**
   * Where the timeline starts: `windowMs` before `now`, or at the first change kept when that is later
   * (at least `minimumMs` before `now`), so a connection seen for 8 s fills its timeline, not 3 % of it.
   */
  start(now: number, minimumMs = 10_000): number {
    const first = this.#changes[0]?.at ?? now;
    return Math.min(now - minimumMs, Math.max(now - this.windowMs, first));
  }

  /** The timeline from `start` to `now`: each change's stretch, clipped to it. */
  segments(now: number, start = this.start(now)): Segment[] {
    const segments: Segment[] = [];
    this.#changes.forEach((change, i) => {
      const to = Math.min(now, this.#changes[i + 1]?.at ?? now);
      const from = Math.max(start, change.at);
      if (to >= from && to > start) segments.push({ change, from, to });
    });
    return segments;
  }
}
