import { backoffDelay } from './backoff.js';
import { messageOf } from './errors.js';
import { deliver as deliverTo, listen, mergeOptions, type Listeners } from './holders.js';
import { keyOf, resolveUrl, transportOf } from './key.js';
import type { SseTransport, TransportConnection, TransportFailure } from './transport.js';
import type {
  BackoffOptions,
  ConnectionOptions,
  ConnectionState,
  Release,
  SseError,
  SseListener,
  SseMessage,
  SseTransportName,
} from './types.js';

/**
 * How the lifecycle writes the public state; the store owns the data, the lifecycle only asks:
 * `write(key, change)` merges `change` into the connection's state (a full state creates it, `null`
 * removes it); `record(key, message)` notes a message (the store batches these per task).
 */
export interface StateWriter {
  write(key: string, change: Partial<ConnectionState> | null): void;
  record(key: string, message: SseMessage): void;
}

export interface LifecycleConfig {
  transports: Record<SseTransportName, SseTransport>;
  backoff: BackoffOptions;
  linger: number;
  random: () => number;
  onError: (error: SseError, key: string) => void;
  /** Whether the connection counts as hidden for `pauseWhenHidden`; default: this page is. (`shared`: every tab holding it is.) */
  hidden?: (key: string) => boolean;
}

/** What the lifecycle can ask of one connection; everything else is private to its closure. */
interface Connection {
  hold(options: ConnectionOptions, events: readonly string[], listener: SseListener | null): Release;
  restart(): void;
  network(offline: boolean): void;
  visibility(): void;
}

type Timer = ReturnType<typeof setTimeout> | undefined;

/** The browser's reconnection time when the server sent no `retry:` (Chromium's and WebKit's). */
const DEFAULT_RETRY = 3000;
/** Browsers open at most this many HTTP/1.1 connections to one origin; more requests wait in a queue. */
const PER_ORIGIN = 6;
/** Streams open per origin, over every store of the page: the browser's limit counts them all. */
const openTo = new Map<string, number>();
const seconds = (ms: number) => `${ms / 1000} s`;
/**
 * Gecko reports a response (EventSource `open`, a resolved `fetch`) only when its first body byte
 * arrives, not at its headers: there a quiet stream looks like a server that never answered.
 */
const FIRST_BYTE = typeof navigator != 'undefined' && /\bGecko\/\d/.test(navigator.userAgent);
const hidden = () => typeof document != 'undefined' && document.visibilityState == 'hidden';

/**
 * The connections, their transports and timers: outside the state, one closure per connection key, so
 * the state stays plain data and nothing here is reachable from it.
 */
export function createLifecycle(config: LifecycleConfig, { write, record }: StateWriter) {
  const connections = new Map<string, Connection>();
  const onNetwork = (event: Event) => connections.forEach((c) => c.network(event.type == 'offline'));
  const onVisibility = () => connections.forEach((c) => c.visibility());
  const watchPage = (on: boolean) => {
    if (typeof window == 'undefined') return;
    const method = on ? 'addEventListener' : 'removeEventListener';
    window[method]('online', onNetwork);
    window[method]('offline', onNetwork);
    document[method]('visibilitychange', onVisibility);
  };

  function create(key: string, url: string, resolved: ReturnType<typeof resolveUrl>, options: ConnectionOptions, from: string): Connection {
    const listeners: Listeners = new Map();
    const { withCredentials = false } = options;
    const transportName = transportOf(options);
    const method = (options.method ?? 'GET').toUpperCase();
    let holders = 0;
    let attempt = 0;
    let source: TransportConnection | undefined;
    /** Identifies the live attempt, so a replaced attempt's late callbacks are ignored. */
    let current: object | undefined;
    /** The attempt's one timer: retry wait, connect timeout or stall watchdog, never two at once. */
    let timer: Timer;
    let hideTimer: Timer;
    let open = false;
    /** A `once` stream opened since it was (re)started: from now on any end is its end. */
    let answered = false;
    let paused = false;
    /** Closed by a rule that waits for `reconnect()`: no `online` or visibility change reopens it. */
    let final = false;
    /** The newest event id, sent back on sse-kit's own reopens (`Last-Event-ID` with fetch, `resumeParam`). */
    let lastId = from;
    let lastAt = 0;
    /** The server's reconnection time (`retry:`), for the reconnects sse-kit makes after a drop. */
    let serverRetry = DEFAULT_RETRY;
    /** Set while a deferred close is pending; a new holder clears it, which cancels that close. */
    let closing: object | undefined;
    const host = 'href' in resolved ? new URL(resolved.href).host : '';
    /** Checks, a second into an attempt, whether it waits behind the browser's per-origin limit. */
    let queueTimer: Timer;

    const patch = (change: Partial<ConnectionState>) => write(key, change);
    /** Replaces the attempt's timer; `then` undefined only clears it. A delay of 0 still runs (full jitter can draw 0). */
    const arm = (ms: number, then?: () => void) => {
      clearTimeout(timer);
      timer = then && setTimeout(then, ms);
    };
    const close = (error: SseError | null) => patch({ state: 'closed', retryAt: null, error });
    /** Closes until `reconnect()`: the server said stop, or a one-shot answer is over. */
    const end = (error: SseError | null) => {
      stop();
      final = true;
      close(error);
    };
    /** A one-shot answer (`once`, or an end marker): it ends, it is never reopened behind the user's back. */
    const oneShot = () => !!options.once || options.endOn !== undefined;

    /** Counts this stream among its origin's open ones, or stops counting it. */
    function setOpen(now: boolean) {
      if (now != open) openTo.set(host, (openTo.get(host) ?? 0) + (now ? 1 : -1));
      open = now;
    }

    /** An attempt still waiting while the page holds the origin's every connection: say so, and the ways out. */
    function queued(): SseError | undefined {
      const busy = openTo.get(host) ?? 0;
      if (!open && busy >= PER_ORIGIN) {
        const message = `Waiting for a free connection: ${busy} streams to ${host} are already open and browsers allow ${PER_ORIGIN} per origin over HTTP/1.1. Serve the streams over HTTP/2, or share them across tabs with \`shared\`.`;
        return { type: 'connection-limit', message };
      }
    }

    function stop() {
      arm(0);
      clearTimeout(queueTimer);
      current = undefined;
      setOpen(false);
      source?.close();
      source = undefined;
    }

    /** The attempt failed: retry with backoff (at least `wait` ms), or give up after `maxRetries`. */
    function fail(error: SseError, wait = 0) {
      // A one-shot answer that started is never re-requested behind the user's back.
      if (answered) return end({ type: 'incomplete', message: `The answer is incomplete: ${error.message}` });
      stop();
      const { maxRetries } = config.backoff;
      if (attempt >= maxRetries) {
        return close({ ...error, type: 'retries-exhausted', message: `Gave up after ${maxRetries} retries. ${error.message}` });
      }
      const delay = Math.max(wait, backoffDelay(++attempt, config.backoff, config.random));
      retryIn(delay, error);
    }

    function retryIn(delay: number, error: SseError | null) {
      patch({ state: 'reconnecting', attempt, retryAt: Date.now() + delay, error });
      arm(delay, () => {
        patch({ retryAt: null });
        connect();
      });
    }

    /** What the server's answer means: 204 and client errors (but 408 and 429) wait for `reconnect()`. */
    function refused({ message, status, retryAfter, headers, network }: TransportFailure) {
      const error: SseError = status === undefined ? { type: 'refused', message } : { type: 'refused', message, status };
      if (options.reconnect == 'native') {
        // As the browser's EventSource: no answer at all is retried after the server's `retry:`; an answer that
        // is not a stream is the end.
        if (!headers && !network) return end(error);
        stop();
        return retryIn(serverRetry, headers ? { type: 'headers', message } : error);
      }
      if (headers) return fail({ type: 'headers', message });
      const clientError = status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
      if (status === 204 || clientError) {
        return end({ ...error, message: `${message}: not retried until reconnect()` });
      }
      fail(error, retryAfter);
    }

    /** The open stream is over: a one-shot answer ends; any other stream reopens after the server's `retry:`. */
    function dropped(clean: boolean) {
      setOpen(false);
      if (oneShot()) {
        // Without the end marker it was asked for, or cut off, the answer is incomplete.
        const whole = clean && options.endOn === undefined;
        return end(whole ? null : { type: 'incomplete', message: 'The answer is incomplete: the stream ended before it finished' });
      }
      stop();
      retryIn(serverRetry, null);
    }

    /**
     * Abandons the attempt (sse-kit's, or the browser's own reconnect) unless it opens in time. Where the
     * browser shows a stream only at its first byte, a quiet stream cannot be told from a hung server:
     * past connectTimeout it waits on and says so, giving up only once `staleAfter` would have reopened
     * even an open stream that sent nothing.
     */
    function expectOpen() {
      const ms = options.connectTimeout ?? 15_000;
      // Past the limit, the browser queued the request: that is what a timeout then means.
      const timeout = (after: number) => () => fail(queued() ?? { type: 'timeout', message: `No response within ${seconds(after)}` });
      arm(
        ms,
        !ms ? undefined : !FIRST_BYTE ? timeout(ms) : () => {
          patch({ error: queued() ?? { type: 'timeout', message: `No response within ${seconds(ms)}; still waiting for its first byte` } });
          const stale = options.staleAfter ?? 0;
          arm(stale - ms, stale ? timeout(Math.max(ms, stale)) : undefined);
        },
      );
      clearTimeout(queueTimer);
      queueTimer = setTimeout(() => {
        const error = queued();
        if (error) patch({ error });
      }, 1000);
    }

    /** The stall watchdog: one timer per window, re-armed from the newest event rather than on each. */
    function watch() {
      const ms = options.staleAfter;
      const check = () => {
        const idle = Date.now() - lastAt;
        if (idle < ms!) arm(ms! - idle, check);
        else fail({ type: 'stalled', message: `No event for ${seconds(ms!)}` });
      };
      if (ms && open) arm(ms, check);
    }

    function subscribeAll() {
      listeners.forEach((_, name) => source?.subscribe(name));
      if (options.staleAfter) source?.subscribe(options.heartbeat ?? 'heartbeat');
    }

    function connect() {
      stop();
      if (!('href' in resolved)) return end({ type: 'invalid-url', message: resolved.error });
      const transport = config.transports[transportName];
      if (!transport?.supported) {
        return end({ type: 'unsupported', message: transportName == 'fetch' ? 'No streaming fetch here' : 'No EventSource here' });
      }
      let target = resolved.href;
      if (options.resumeParam && lastId) {
        // EventSource resends Last-Event-ID only on its own reconnects; this is how sse-kit's do the same.
        const withId = new URL(target);
        withId.searchParams.set(options.resumeParam, lastId);
        target = withId.href;
      }
      const token = (current = {});
      const live = () => current == token;
      expectOpen();

      try {
        const request = { withCredentials, headers: options.headers, method, body: options.body, lastEventId: lastId };
        const made = transport.connect(target, request, {
          open() {
            if (!live()) return;
            clearTimeout(queueTimer);
            setOpen(true);
            answered = oneShot();
            attempt = 0;
            // Opened in time: the connect timeout is over (and the stall watchdog, if any, takes the timer).
            arm(0);
            patch({ state: 'open', attempt, retryAt: null, error: null, lastEventAt: (lastAt = Date.now()) });
            watch();
          },
          message(type, data, lastEventId) {
            if (!live()) return;
            // The end marker of an answer: not a message, the end.
            if (data === options.endOn) return end(null);
            deliver({ type, data, lastEventId, receivedAt: (lastAt = Date.now()) });
          },
          id(lastEventId) {
            if (!live()) return;
            lastId = lastEventId;
            // After the batch of this chunk's messages is written (queued before), so their older id does not win.
            queueMicrotask(() => patch({ lastEventId }));
          },
          retry(ms) {
            if (live()) serverRetry = ms;
          },
          reconnecting() {
            if (!live()) return;
            // EventSource cannot tell an end from a break: for an answer, both are its end.
            if (answered) return dropped(true);
            setOpen(false);
            patch({ state: 'reconnecting', retryAt: null });
            expectOpen();
          },
          ended(clean) {
            if (live()) dropped(clean);
          },
          failed(failure) {
            if (live()) refused(failure);
          },
        });
        // A transport may fail inside connect(); then what comes next is already decided.
        if (!live()) return made.close();
        source = made;
        subscribeAll();
      } catch (error) {
        stop();
        end({ type: 'invalid-url', message: messageOf(error) });
      }
    }

    function restart() {
      attempt = 0;
      paused = false;
      final = false;
      answered = false;
      // A one-shot answer starts over; it does not resume the last one.
      if (oneShot()) lastId = '';
      patch({ state: 'connecting', attempt, retryAt: null, error: null });
      connect();
    }

    function deliver(message: SseMessage) {
      lastId = message.lastEventId;
      record(key, message);
      deliverTo(listeners, message, key, config.onError);
    }

    function visibility() {
      clearTimeout(hideTimer);
      const ms = options.pauseWhenHidden;
      if (!(config.hidden ?? hidden)(key)) {
        if (paused) restart();
      } else if (ms && !final && !oneShot()) {
        // A one-shot answer is not paused: resuming it would ask the question again.
        hideTimer = setTimeout(() => {
          stop();
          paused = true;
          patch({ state: 'paused', retryAt: null });
        }, ms);
      }
    }

    write(key, {
      key,
      url: 'href' in resolved ? resolved.href : url,
      transport: transportName,
      state: 'connecting',
      refCount: 0,
      role: 'local',
      lastEventId: lastId,
      attempt: 0,
      retryAt: null,
      error: null,
      offline: typeof navigator != 'undefined' && navigator.onLine === false,
      lastEventAt: null,
      messageCount: 0,
      latest: {},
    });
    connect();
    // Opened in a page that is already hidden (a background tab): the pause countdown starts now.
    visibility();

    return {
      restart,
      visibility,
      network(offline) {
        patch({ offline });
        // Back online: retry at once whatever is waiting to retry, instead of waiting out a backoff.
        if (!offline && !open && !paused && !final) restart();
      },
      hold(more, events, listener) {
        const hadWatchdog = options.staleAfter;
        mergeOptions(options, more);
        if (!hadWatchdog && options.staleAfter) {
          subscribeAll();
          watch();
        }
        closing = undefined;
        patch({ refCount: ++holders });
        const remove = listen(listeners, events, listener, (name) => source?.subscribe(name));
        return () => {
          if (remove() === undefined) return;
          patch({ refCount: --holders });
          if (holders) return;
          const token = (closing = {});
          // Deferred, so an element moved in the DOM (disconnected, then connected in the same task) keeps its stream.
          const end = () => {
            if (closing != token) return;
            stop();
            clearTimeout(hideTimer);
            connections.delete(key);
            write(key, null);
            if (!connections.size) watchPage(false);
          };
          if (config.linger > 0) setTimeout(end, config.linger);
          else queueMicrotask(end);
        };
      },
    };
  }

  return {
    /** `from`: the last event id to resume from when this creates the connection (a `shared` hand-off). */
    hold(url: string, options: ConnectionOptions, events: readonly string[], listener: SseListener | null, from = ''): Release {
      const resolved = resolveUrl(url);
      const key = keyOf(resolved, url, options);
      let connection = connections.get(key);
      if (!connection) {
        if (!connections.size) watchPage(true);
        connections.set(key, (connection = create(key, url, resolved, { ...options }, from)));
      }
      return connection.hold(options, events, listener);
    },
    reconnect(key: string) {
      connections.get(key)?.restart();
    },
    /** Re-reads `config.hidden` for one connection (another tab showed or hid itself). */
    visibility(key: string) {
      connections.get(key)?.visibility();
    },
  };
}
