import { backoffDelay } from './backoff.js';
import { messageOf } from './errors.js';
import { keyOf, resolveUrl } from './key.js';
import type { SseTransport, TransportConnection } from './transport.js';
import type {
  BackoffOptions,
  ConnectionOptions,
  ConnectionState,
  Release,
  SseError,
  SseListener,
  SseMessage,
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
  transport: SseTransport;
  backoff: BackoffOptions;
  linger: number;
  random: () => number;
  onError: (error: SseError, key: string) => void;
}

interface Subscription {
  listener: SseListener;
  active: boolean;
}

/** What the lifecycle can ask of one connection; everything else is private to its closure. */
interface Connection {
  hold(options: ConnectionOptions, events: readonly string[], listener: SseListener | null): Release;
  restart(): void;
  network(offline: boolean): void;
  visibility(): void;
}

type Timer = ReturnType<typeof setTimeout> | undefined;

const REFUSED: SseError = { type: 'refused', message: 'Refused: HTTP error, not text/event-stream, or network failure' };
const seconds = (ms: number) => `${ms / 1000} s`;
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

  function create(key: string, url: string, resolved: ReturnType<typeof resolveUrl>, options: ConnectionOptions): Connection {
    const listeners = new Map<string, Set<Subscription>>();
    const { withCredentials = false } = options;
    let holders = 0;
    let attempt = 0;
    let source: TransportConnection | undefined;
    /** Identifies the live attempt, so a replaced attempt's late callbacks are ignored. */
    let current: object | undefined;
    /** The attempt's one timer: retry wait, connect timeout or stall watchdog, never two at once. */
    let timer: Timer;
    let hideTimer: Timer;
    let open = false;
    let paused = false;
    /** The newest event id, for `resumeParam` when sse-kit itself reopens. */
    let lastId = '';
    let lastAt = 0;
    /** Set while a deferred close is pending; a new holder clears it, which cancels that close. */
    let closing: object | undefined;

    const patch = (change: Partial<ConnectionState>) => write(key, change);
    /** Replaces the attempt's timer; `then` undefined only clears it. A delay of 0 still runs (full jitter can draw 0). */
    const arm = (ms: number, then?: () => void) => {
      clearTimeout(timer);
      timer = then && setTimeout(then, ms);
    };
    const close = (error: SseError) => patch({ state: 'closed', retryAt: null, error });

    function stop() {
      arm(0);
      current = undefined;
      open = false;
      source?.close();
      source = undefined;
    }

    function fail(error: SseError) {
      stop();
      const { maxRetries } = config.backoff;
      if (attempt >= maxRetries) {
        return close({ type: 'retries-exhausted', message: `Gave up after ${maxRetries} retries. ${error.message}` });
      }
      const delay = backoffDelay(++attempt, config.backoff, config.random);
      patch({ state: 'reconnecting', attempt, retryAt: Date.now() + delay, error });
      arm(delay, () => {
        patch({ retryAt: null });
        connect();
      });
    }

    /** Abandons the attempt (sse-kit's, or the browser's own reconnect) unless it opens in time. */
    function expectOpen() {
      const ms = options.connectTimeout ?? 15_000;
      arm(ms, ms > 0 ? () => fail({ type: 'timeout', message: `No response within ${seconds(ms)}` }) : undefined);
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
      listeners.forEach((_, type) => source?.subscribe(type));
      if (options.staleAfter) source?.subscribe(options.heartbeat ?? 'heartbeat');
    }

    function connect() {
      stop();
      if (!('href' in resolved)) return close({ type: 'invalid-url', message: resolved.error });
      if (!config.transport.supported) return close({ type: 'unsupported', message: 'No EventSource here' });
      let target = resolved.href;
      if (options.resumeParam && lastId) {
        // The browser resends Last-Event-ID only on its own reconnects; this is how sse-kit's do the same.
        const withId = new URL(target);
        withId.searchParams.set(options.resumeParam, lastId);
        target = withId.href;
      }
      const token = (current = {});
      const live = () => current == token;
      expectOpen();
      try {
        const made = config.transport.connect(target, { withCredentials }, {
          open() {
            if (!live()) return;
            open = true;
            attempt = 0;
            // Opened in time: the connect timeout is over (and the stall watchdog, if any, takes the timer).
            arm(0);
            patch({ state: 'open', attempt, retryAt: null, error: null, lastEventAt: (lastAt = Date.now()) });
            watch();
          },
          message(type, data, lastEventId) {
            if (live()) deliver({ type, data, lastEventId, receivedAt: (lastAt = Date.now()) });
          },
          error(fatal) {
            if (!live()) return;
            open = false;
            if (fatal) return fail(REFUSED);
            patch({ state: 'reconnecting', retryAt: null });
            expectOpen();
          },
        });
        // A transport may fail inside connect(); then fail() has already scheduled what comes next.
        if (!live()) return made.close();
        source = made;
        subscribeAll();
      } catch (error) {
        stop();
        close({ type: 'invalid-url', message: messageOf(error) });
      }
    }

    function restart() {
      attempt = 0;
      paused = false;
      patch({ state: 'connecting', attempt, retryAt: null, error: null });
      connect();
    }

    function deliver(message: SseMessage) {
      lastId = message.lastEventId;
      record(key, message);
      // Straight to this event's listeners; no copy: a Set iterates safely while one is removed.
      for (const subscription of listeners.get(message.type) ?? []) {
        try {
          if (subscription.active) subscription.listener(message);
        } catch (error) {
          config.onError({ type: 'listener', message: `"${message.type}" listener threw: ${messageOf(error)}` }, key);
        }
      }
    }

    function visibility() {
      clearTimeout(hideTimer);
      const ms = options.pauseWhenHidden;
      if (!hidden()) {
        if (paused) restart();
      } else if (ms) {
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
      state: 'connecting',
      refCount: 0,
      lastEventId: '',
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
        // Back online: retry at once whatever is not streaming, instead of waiting out a backoff.
        if (!offline && !open && !paused) restart();
      },
      hold(more, events, listener) {
        const hadWatchdog = options.staleAfter;
        // Holders share the connection, so they share its options: the first to set one decides it.
        for (const name in more) {
          (options as Record<string, unknown>)[name] ??= more[name as keyof ConnectionOptions];
        }
        if (!hadWatchdog && options.staleAfter) {
          subscribeAll();
          watch();
        }
        closing = undefined;
        patch({ refCount: ++holders });
        const subscription: Subscription = { listener: listener ?? (() => {}), active: true };
        const types = new Set(events);
        for (const type of types) {
          let set = listeners.get(type);
          if (!set) {
            listeners.set(type, (set = new Set()));
            source?.subscribe(type);
          }
          set.add(subscription);
        }
        return () => {
          if (!subscription.active) return;
          subscription.active = false;
          for (const type of types) {
            const set = listeners.get(type)!;
            set.delete(subscription);
            if (!set.size) listeners.delete(type);
          }
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
    hold(url: string, options: ConnectionOptions, events: readonly string[], listener: SseListener | null): Release {
      const resolved = resolveUrl(url);
      const key = keyOf(resolved, url, options);
      let connection = connections.get(key);
      if (!connection) {
        if (!connections.size) watchPage(true);
        connections.set(key, (connection = create(key, url, resolved, { ...options })));
      }
      return connection.hold(options, events, listener);
    },
    reconnect(key: string) {
      connections.get(key)?.restart();
    },
  };
}
