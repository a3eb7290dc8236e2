// The rules of one connection's life, as one table: (phase, event) → phase + what to do. Pure: no timers, no
// transport, no state; the lifecycle (lifecycle.ts) feeds it what happened and carries out the step it returns.
import { backoffDelay } from './backoff.js';
import type { TransportFailure } from './transport.js';
import type { BackoffOptions, ConnectionOptions, ConnectionState, SseError } from './types.js';

/**
 * Where a connection is. The closed ones are named by why, because each waits for something else:
 * `exhausted` reopens when the browser comes back online; `refused`, `answered`, `invalid-url` and
 * `unsupported` wait for `reconnect()`; `released` is gone.
 */
export type PhaseName =
  /** The first attempt (or the first after `reconnect()`), not open yet. */
  | 'connecting'
  | 'open'
  /** A later attempt on its way: sse-kit's after a wait, or the browser's own EventSource reconnect. */
  | 'reconnecting'
  /** Waiting for the retry timer (backoff, `Retry-After`, or the server's `retry:` after a drop). */
  | 'waiting'
  /** Closed while the page is hidden (`pauseWhenHidden`); it reopens when the page is shown. */
  | 'paused'
  /** The server said stop: 204, a 4xx but 408 and 429 (with `reconnect: 'native'`, any HTTP error). */
  | 'refused'
  /** A one-shot stream is over, whole (`error` null) or broken off (`incomplete`). */
  | 'answered'
  /** `maxRetries` failed in a row. */
  | 'exhausted'
  | 'invalid-url'
  /** No transport for it here (no EventSource, no streaming fetch). */
  | 'unsupported'
  /** Its last holder let go. */
  | 'released';

export interface Phase {
  readonly name: PhaseName;
  /** Retries since the last open (0 while healthy). */
  readonly attempt: number;
}

/** What happened, as the lifecycle reports it: from the transport, a timer, the page, or a holder. */
export type PhaseEvent =
  /**
   * Made (by a tab's first holder, or a tab that took the lead): the first attempt. `answer`: with `persist`,
   * how the one-shot answer it was before a reload stood then (whole, or still coming).
   */
  | { type: 'create'; offline: boolean; answer?: SavedAnswer | undefined }
  /** `reconnect()`: start over, the backoff reset. */
  | { type: 'reconnect' }
  /** The attempt could not be made at all. */
  | { type: 'cannot-start'; reason: 'invalid-url' | 'unsupported'; message: string }
  | { type: 'opened' }
  /** A message whose data is the `endOn` marker. */
  | { type: 'end-marker' }
  /** The browser's EventSource lost the stream and is reconnecting by itself. */
  | { type: 'browser-reconnecting' }
  /** The open stream ended: `clean` when the server finished it. */
  | { type: 'ended'; clean: boolean }
  /** The attempt failed before it opened. */
  | { type: 'failed'; failure: TransportFailure }
  | TimerEvent
  | { type: 'online' }
  | { type: 'offline' }
  | { type: 'hidden' }
  | { type: 'shown' }
  /** `pauseWhenHidden` ran out while hidden. */
  | { type: 'pause-due' }
  /** A new holder turned the stall watchdog on. */
  | { type: 'watchdog-on' }
  | { type: 'released' };

/** A one-shot answer as `persist` saved it: it ended whole, or it was still coming when the page went away. */
export type SavedAnswer = 'whole' | 'unfinished';

/** What the attempt's one timer reports: a retry wait, a connect timeout, or the stall watchdog, never two at once. */
export type TimerEvent =
  | { type: 'retry-due' }
  /** `connectTimeout` passed without an open. */
  | { type: 'open-timeout' }
  /** Where a stream shows only at its first byte (Gecko): `staleAfter` passed too. */
  | { type: 'first-byte-timeout' }
  /** The stall watchdog's check. */
  | { type: 'stall-check' }
  /** A second into an attempt: whether it waits behind the per-origin limit. */
  | { type: 'queue-check' };

/**
 * The next phase, and what the lifecycle does to get there, in this order: stop the attempt, forget the
 * last id, write the state, choose what attempts ask for, connect, set the attempt's timer, check the queue,
 * set the pause countdown.
 * What a step leaves unset is left as it is.
 */
export interface Step extends Phase {
  /** End the attempt: its transport and its timers. */
  stop?: true;
  /** A one-shot answer asked again starts over: it does not resume from the last one's id. */
  forgetId?: true;
  write?: Partial<ConnectionState>;
  /** From now on, attempts resume an answer a reload broke off, at `resumeSrc` (true), or ask it (false). */
  resume?: boolean;
  /** Start an attempt (ending any other first). */
  connect?: true;
  /** The attempt's timer: what it reports after `ms`, or cleared (null). */
  timer?: { ms: number; then: TimerEvent['type'] } | null;
  /** Check, a second into the attempt, whether it waits behind the per-origin limit (a `queue-check`). */
  checkQueue?: true;
  /** The pause countdown: armed for this many ms, or cleared (null). */
  pause?: number | null;
}

/** What the rules read besides the phase. */
export interface Rules {
  options: Readonly<ConnectionOptions>;
  backoff: BackoffOptions;
  random: () => number;
  /** The server's reconnection time (`retry:`), or the browsers' default. */
  serverRetry: number;
  /** The browser shows a response only at its first body byte (Gecko): a quiet stream looks like a hung server. */
  firstByte: boolean;
  now: number;
  /** Ms since the newest event (or the open). */
  idle: number;
  /** Set while the page has the origin's every connection open and this one waits for a free one. */
  queued: SseError | undefined;
}

/** Closed until `reconnect()`: no `online`, no visibility change reopens these. */
const FINAL: ReadonlySet<PhaseName> = new Set(['refused', 'answered', 'invalid-url', 'unsupported', 'released']);
/** An attempt is on its way. */
const TRYING: ReadonlySet<PhaseName> = new Set(['connecting', 'reconnecting']);

/** A one-shot answer (`once`, or an end marker): it ends, it is never reopened behind the user's back. */
export const oneShot = (options: Readonly<ConnectionOptions>) => !!options.once || options.endOn !== undefined;
const seconds = (ms: number) => `${ms / 1000} s`;
const incomplete = (why: string): SseError => ({ type: 'incomplete', message: `The answer is incomplete: ${why}` });
const connectTimeout = (options: Readonly<ConnectionOptions>) => options.connectTimeout ?? 15_000;

/** A new attempt, watched by its connect timeout (unless 0: it may wait forever) and the queue check. */
function attempt(phase: PhaseName, attempt: number, rules: Rules, write: Partial<ConnectionState>): Step {
  const ms = connectTimeout(rules.options);
  return { name: phase, attempt, write, connect: true, checkQueue: true, ...(ms > 0 && { timer: { ms, then: 'open-timeout' } }) };
}

/** Closed for `name`'s reason, with the error that says why (null: nothing went wrong). */
const close = (name: PhaseName, attempt: number, error: SseError | null): Step => ({
  name,
  attempt,
  stop: true,
  write: { state: 'closed', retryAt: null, error },
});

/** Waits `delay` ms, then tries again. */
const wait = (attempt: number, delay: number, error: SseError | null, rules: Rules): Step => ({
  name: 'waiting',
  attempt,
  stop: true,
  write: { state: 'reconnecting', attempt, retryAt: rules.now + delay, error },
  timer: { ms: delay, then: 'retry-due' },
});

/** Starts over: a first attempt again, the backoff reset. */
const restart = (rules: Rules): Step => ({
  ...attempt('connecting', 0, rules, { state: 'connecting', attempt: 0, retryAt: null, error: null }),
  ...(oneShot(rules.options) && { forgetId: true, resume: false }),
});

/**
 * The first attempt; with `persist`, an answer that a reload interrupted is not asked again: one that ended
 * whole is done, one still coming resumes at `resumeSrc` (from its last id), else it is incomplete.
 */
function create(offline: boolean, answer: SavedAnswer | undefined, rules: Rules): Step {
  const first = attempt('connecting', 0, rules, { state: 'connecting', attempt: 0, retryAt: null, error: null, offline });
  if (!answer || !oneShot(rules.options)) return first;
  if (answer == 'unfinished' && rules.options.resumeSrc) return { ...first, resume: true };
  return close('answered', 0, answer == 'whole' ? null : incomplete('the page was left before it ended'));
}

/** The attempt (or the open stream) failed: retry with backoff, at least `atLeast` ms, or give up. */
function retry(phase: Phase, error: SseError, rules: Rules, atLeast = 0): Step {
  // A one-shot answer that started is never re-requested behind the user's back.
  if (phase.name == 'open' && oneShot(rules.options)) return close('answered', phase.attempt, incomplete(error.message));
  const { maxRetries } = rules.backoff;
  if (phase.attempt >= maxRetries) {
    return close('exhausted', phase.attempt, { ...error, type: 'retries-exhausted', message: `Gave up after ${maxRetries} retries. ${error.message}` });
  }
  const next = phase.attempt + 1;
  return wait(next, Math.max(atLeast, backoffDelay(next, rules.backoff, rules.random)), error, rules);
}

/** The server's answer was not a stream. */
function refused(phase: Phase, { message, status, retryAfter, headers, network }: TransportFailure, rules: Rules): Step {
  const error: SseError = status === undefined ? { type: 'refused', message } : { type: 'refused', message, status };
  if (rules.options.reconnect == 'native') {
    // As the browser's EventSource: no answer at all is retried after the server's `retry:`; an answer that is not a stream is the end.
    if (!headers && !network) return close('refused', phase.attempt, error);
    return wait(phase.attempt, rules.serverRetry, headers ? { type: 'headers', message } : error, rules);
  }
  if (headers) return retry(phase, { type: 'headers', message }, rules);
  const clientError = status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
  if (status === 204 || clientError) return close('refused', phase.attempt, { ...error, message: `${message}: not retried until reconnect()` });
  return retry(phase, error, rules, retryAfter);
}

/** The open stream is over: a one-shot answer ends; any other stream reopens after the server's `retry:`. */
function dropped(phase: Phase, clean: boolean, rules: Rules): Step {
  if (oneShot(rules.options)) {
    // Without the end marker it was asked for, or cut off, the answer is incomplete.
    const whole = clean && rules.options.endOn === undefined;
    return close('answered', phase.attempt, whole ? null : incomplete('the stream ended before it finished'));
  }
  return wait(phase.attempt, rules.serverRetry, null, rules);
}

/** Past the limit, the browser queued the request: that is what a timeout then means. */
const timeout = (after: number, rules: Rules): SseError => rules.queued ?? { type: 'timeout', message: `No response within ${seconds(after)}` };

/** The rule table. Every rule of a connection's life is here, and nowhere else. */
export function transition(phase: Phase, event: PhaseEvent, rules: Rules): Step {
  const { name } = phase;
  const { options } = rules;
  switch (event.type) {
    case 'create':
      return create(event.offline, event.answer, rules);
    case 'reconnect':
      return restart(rules);
    case 'cannot-start':
      return close(event.reason, phase.attempt, { type: event.reason, message: event.message });
    case 'opened': {
      // Opened in time: the connect timeout is over; the stall watchdog, if any, takes the timer.
      const stale = options.staleAfter;
      const write: Partial<ConnectionState> = { state: 'open', attempt: 0, retryAt: null, error: null, lastEventAt: rules.now };
      return { name: 'open', attempt: 0, write, timer: stale ? { ms: stale, then: 'stall-check' } : null };
    }
    case 'end-marker':
      return close('answered', phase.attempt, null);
    case 'browser-reconnecting': {
      // EventSource cannot tell an end from a break: for an answer, both are its end.
      if (name == 'open' && oneShot(options)) return dropped(phase, true, rules);
      // The browser makes the attempt; sse-kit only watches it.
      return { ...attempt('reconnecting', phase.attempt, rules, { state: 'reconnecting', retryAt: null }), connect: undefined };
    }
    case 'ended':
      return dropped(phase, event.clean, rules);
    case 'failed':
      return refused(phase, event.failure, rules);
    case 'retry-due':
      return name == 'waiting' ? attempt('reconnecting', phase.attempt, rules, { retryAt: null }) : phase;
    case 'open-timeout': {
      if (!TRYING.has(name)) return phase;
      const ms = connectTimeout(options);
      if (!rules.firstByte) return retry(phase, timeout(ms, rules), rules);
      // A quiet stream cannot be told from a hung server here: wait on, and say so; give up only once
      // `staleAfter` would have reopened even an open stream that sent nothing.
      const stale = options.staleAfter ?? 0;
      const write = { error: rules.queued ?? { type: 'timeout', message: `No response within ${seconds(ms)}; still waiting for its first byte` } } as const;
      return { ...phase, write, ...(stale && { timer: { ms: stale - ms, then: 'first-byte-timeout' } }) };
    }
    case 'first-byte-timeout':
      return TRYING.has(name) ? retry(phase, timeout(Math.max(connectTimeout(options), options.staleAfter ?? 0), rules), rules) : phase;
    case 'stall-check': {
      const ms = options.staleAfter ?? 0;
      if (name != 'open' || !ms) return phase;
      // One timer per window, re-armed from the newest event rather than on each.
      if (rules.idle < ms) return { ...phase, timer: { ms: ms - rules.idle, then: 'stall-check' } };
      return retry(phase, { type: 'stalled', message: `No event for ${seconds(ms)}` }, rules);
    }
    case 'queue-check':
      return TRYING.has(name) && rules.queued ? { ...phase, write: { error: rules.queued } } : phase;
    case 'online': {
      // Back online: retry at once whatever is waiting to retry, instead of waiting out a backoff.
      if (name == 'open' || name == 'paused' || FINAL.has(name)) return { ...phase, write: { offline: false } };
      const again = restart(rules);
      return { ...again, write: { ...again.write, offline: false } };
    }
    case 'offline':
      return { ...phase, write: { offline: true } };
    case 'hidden':
      // A one-shot answer is not paused: resuming it would ask the question again.
      return { ...phase, pause: options.pauseWhenHidden && !FINAL.has(name) && !oneShot(options) ? options.pauseWhenHidden : null };
    case 'shown':
      return { ...(name == 'paused' ? restart(rules) : phase), pause: null };
    case 'pause-due':
      return { name: 'paused', attempt: phase.attempt, stop: true, write: { state: 'paused', retryAt: null } };
    case 'watchdog-on':
      return name == 'open' && options.staleAfter ? { ...phase, timer: { ms: options.staleAfter, then: 'stall-check' } } : phase;
    case 'released':
      return { name: 'released', attempt: phase.attempt, stop: true, pause: null };
  }
}
