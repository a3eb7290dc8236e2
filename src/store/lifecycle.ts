// One connection's life in this tab: it feeds the rule table (phases.ts) what the transport, the timers and
// the page report, and carries out the effects it returns. It decides nothing the table does not show.
import { messageOf } from './errors.js';
import { resolveUrl, transportOf } from './key.js';
import { OriginCount } from './origins.js';
import { browserOffline, onPage } from './page.js';
import { transition, type Phase, type PhaseEvent, type Step } from './phases.js';
import type { ConnectionSink, Driver } from './registry.js';
import { Timer } from './timer.js';
import type { SseTransport, TransportConnection, TransportHandlers } from './transport.js';
import type { BackoffOptions, SseTransportName } from './types.js';

export interface LifecycleConfig {
  transports: Record<SseTransportName, SseTransport>;
  backoff: BackoffOptions;
  random: () => number;
}

/** How a `shared` leader runs its connection (its `hidden()` says whether every holding tab is hidden). */
export interface Leading {
  /** Start as `reconnect()` starts (a follower's reconnect() woke a connection that was closed for good). */
  reconnect: boolean;
}

export interface Lifecycle extends Driver {
  /** Re-reads `hidden()` (for a `shared` connection: another tab showed or hid itself). */
  visibility(): void;
}

/** What the hub runs when its tab leads: the same lifecycle as a tab's own connection. */
export type LeadLifecycle = (connection: ConnectionSink, leading: Leading) => Lifecycle;

/** The browser's reconnection time when the server sent no `retry:` (Chromium's and WebKit's). */
const DEFAULT_RETRY = 3000;
/**
 * Gecko reports a response (EventSource `open`, a resolved `fetch`) only when its first body byte
 * arrives, not at its headers: there a quiet stream looks like a server that never answered.
 */
const FIRST_BYTE = typeof navigator != 'undefined' && /\bGecko\/\d/.test(navigator.userAgent);
/** How long into an attempt it is checked for waiting behind the per-origin limit. */
const QUEUE_CHECK = 1000;

/**
 * Runs `connection`: its first attempt now, then whatever the table says. Without `leading` it hears of this
 * page's visibility changes itself; a `shared` leader tells it when every holding tab's may have changed.
 */
export function createLifecycle(connection: ConnectionSink, config: LifecycleConfig, leading?: Leading): Lifecycle {
  const { options, resolved } = connection;
  const transportName = transportOf(options);
  const origin = new OriginCount('href' in resolved ? new URL(resolved.href).host : '');
  /** The attempt's one timer: retry wait, connect timeout or stall watchdog. */
  const timer = new Timer();
  const queueTimer = new Timer();
  const pauseTimer = new Timer();
  let phase: Phase = { name: 'connecting', attempt: 0 };
  let source: TransportConnection | undefined;
  /** Identifies the live attempt, so a replaced attempt's late callbacks are ignored. */
  let current: object | undefined;
  /** The server's reconnection time (`retry:`), for the reconnects sse-kit makes after a drop. */
  let serverRetry = DEFAULT_RETRY;
  /** When the newest event (or the open) came, for the stall watchdog. */
  let lastAt = 0;
  let watchdog = !!options.staleAfter;
  /** The attempts resume an answer a reload broke off, at `resumeSrc`, instead of asking it again. */
  let resuming = false;

  /** Events that come while a step is carried out wait their turn, so each step is carried out whole first. */
  const queue: PhaseEvent[] = [];
  function dispatch(event: PhaseEvent) {
    queue.push(event);
    if (queue.length > 1) return;
    try {
      for (; queue.length; queue.shift()) {
        if (phase.name == 'released') continue;
        const now = Date.now();
        const { backoff, random } = config;
        const rules = { options, backoff, random, serverRetry, firstByte: FIRST_BYTE, now, idle: now - lastAt, queued: origin.queued() };
        const step = transition(phase, queue[0], rules);
        phase = { name: step.name, attempt: step.attempt };
        carryOut(step);
      }
    } catch (error) {
      // A state subscriber threw inside a write: the steps still queued are dropped, the next event starts afresh.
      queue.length = 0;
      throw error;
    }
  }

  /** Does what a step says, in the order `Step` gives. */
  function carryOut(step: Step) {
    origin.set(step.name == 'open');
    if (step.stop) stop();
    if (step.forgetId) connection.noteId('');
    if (step.write) connection.write(step.write);
    if (step.resume !== undefined) resuming = step.resume;
    if (step.connect) connect();
    const { timer: next, pause } = step;
    if (next) timer.arm(next.ms, () => dispatch({ type: next.then }));
    else if (next === null) timer.clear();
    if (step.checkQueue) queueTimer.arm(QUEUE_CHECK, () => dispatch({ type: 'queue-check' }));
    if (pause) pauseTimer.arm(pause, () => dispatch({ type: 'pause-due' }));
    else if (pause === null) pauseTimer.clear();
  }

  function stop() {
    timer.clear();
    queueTimer.clear();
    current = undefined;
    source?.close();
    source = undefined;
  }

  function subscribeAll() {
    for (const name of connection.names()) source?.subscribe(name);
    if (options.staleAfter) source?.subscribe(options.heartbeat ?? 'heartbeat');
  }

  /** What the transport reports about the attempt `token`; nothing once another attempt replaced it. */
  function handlers(token: object): TransportHandlers {
    const live = () => current == token;
    const report = (event: PhaseEvent) => live() && dispatch(event);
    return {
      open() {
        if (live()) lastAt = Date.now();
        report({ type: 'opened' });
      },
      message(type, data, lastEventId, hasId) {
        if (!live()) return;
        // The end marker of an answer: not a message, the end.
        if (data === options.endOn) return dispatch({ type: 'end-marker' });
        connection.receive({ type, data, lastEventId, receivedAt: (lastAt = Date.now()) }, hasId);
      },
      id: (lastEventId) => live() && connection.noteId(lastEventId),
      retry: (ms) => live() && (serverRetry = ms),
      reconnecting: () => report({ type: 'browser-reconnecting' }),
      ended: (clean) => report({ type: 'ended', clean }),
      failed: (failure) => report({ type: 'failed', failure }),
    };
  }

  function connect() {
    stop();
    // The rest of an answer is a GET of its own URL: the question is not sent again.
    const asked = resuming ? resolveUrl(options.resumeSrc!) : resolved;
    if (!('href' in asked)) return dispatch({ type: 'cannot-start', reason: 'invalid-url', message: asked.error });
    const transport = config.transports[transportName];
    if (!transport?.supported) {
      const message = transportName == 'fetch' ? 'No streaming fetch here' : 'No EventSource here';
      return dispatch({ type: 'cannot-start', reason: 'unsupported', message });
    }
    const { lastEventId } = connection;
    let target = asked.href;
    if (options.resumeParam && lastEventId) {
      // EventSource resends Last-Event-ID only on its own reconnects; this is how sse-kit's do the same.
      const withId = new URL(target);
      withId.searchParams.set(options.resumeParam, lastEventId);
      target = withId.href;
    }
    const token = (current = {});
    const request = {
      withCredentials: options.withCredentials ?? false,
      headers: options.headers,
      method: resuming ? 'GET' : (options.method ?? 'GET').toUpperCase(),
      body: resuming ? undefined : options.body,
      lastEventId,
    };
    try {
      const made = transport.connect(target, request, handlers(token));
      // A transport may fail inside connect(); then what comes next is already decided.
      if (current != token) return made.close();
      source = made;
      subscribeAll();
    } catch (error) {
      dispatch({ type: 'cannot-start', reason: 'invalid-url', message: messageOf(error) });
    }
  }

  const visibilityEvent = () => dispatch({ type: connection.hidden() ? 'hidden' : 'shown' });
  const unwatch = onPage({
    network: (offline) => dispatch({ type: offline ? 'offline' : 'online' }),
    visibility: leading ? undefined : visibilityEvent,
  });
  dispatch(leading?.reconnect ? { type: 'reconnect' } : { type: 'create', offline: browserOffline(), answer: connection.answer });
  // Opened in a page that is already hidden (a background tab): the pause countdown starts now.
  if (connection.hidden()) dispatch({ type: 'hidden' });

  return {
    holdersChanged() {
      subscribeAll();
      if (watchdog || !options.staleAfter) return;
      watchdog = true;
      dispatch({ type: 'watchdog-on' });
    },
    reconnect: () => dispatch({ type: 'reconnect' }),
    visibility: visibilityEvent,
    close() {
      unwatch();
      dispatch({ type: 'released' });
    },
  };
}
