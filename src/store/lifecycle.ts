import { backoffDelay } from './backoff.js';
import { messageOf } from './errors.js';
import { keyOf, resolveUrl } from './key.js';
import type { SseTransport, TransportConnection } from './transport.js';
import type {
  BackoffOptions,
  ConnectionOptions,
  ConnectionState,
  SseError,
  SseListener,
  SseMessage,
  Release,
} from './types.js';

/** How the lifecycle writes the public state; the store owns the data, the lifecycle only asks. */
export interface StateWriter {
  put(key: string, state: ConnectionState): void;
  patch(key: string, partial: Partial<ConnectionState>): void;
  /** Records a message; returns nothing so the hot path stays one write. */
  message(key: string, message: SseMessage): void;
  remove(key: string): void;
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

type Timer = ReturnType<typeof setTimeout> | undefined;

/** Everything about a connection that is not data: the transport, timers, listeners. Never in the state. */
interface Runtime {
  key: string;
  href: string | null;
  urlError: string | null;
  withCredentials: boolean;
  /** Tuning merged from every holder (see `ConnectionOptions`). */
  options: ConnectionOptions;
  holders: number;
  attempt: number;
  /** By event name, so a message reaches its listeners without a scan of the others. */
  listeners: Map<string, Set<Subscription>>;
  connection: TransportConnection | null;
  /** Identifies the live attempt, so a replaced attempt's late callbacks are ignored. */
  token: object | null;
  /** The one timer of the attempt: retry wait, connect timeout or stall watchdog, never two at once. */
  timer: Timer;
  /** Pauses the connection once the page has been hidden for `pauseWhenHidden`. */
  hideTimer: Timer;
  isOpen: boolean;
  paused: boolean;
  /** The newest event id, for `resumeParam` when sse-kit itself reopens. */
  lastId: string;
  lastAt: number;
  /** Set while a deferred close is pending; a new holder clears it, which cancels that close. */
  closing: object | null;
}

const REFUSED: SseError = {
  type: 'refused',
  message: 'The server refused the stream (HTTP error, not text/event-stream, or network failure).',
};
const seconds = (ms: number) => `${ms / 1000} s`;

export function createLifecycle(config: LifecycleConfig, write: StateWriter) {
  const runtimes = new Map<string, Runtime>();

  const onNetwork = (event: Event) => {
    const offline = event.type === 'offline';
    for (const runtime of runtimes.values()) {
      write.patch(runtime.key, { offline });
      // Back online: retry at once whatever is not streaming, instead of waiting out a backoff.
      if (!offline && !runtime.isOpen && !runtime.paused) restart(runtime);
    }
  };
  const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';
  const onVisibility = () => {
    for (const runtime of runtimes.values()) {
      clearTimeout(runtime.hideTimer);
      const after = runtime.options.pauseWhenHidden;
      if (hidden() && after) runtime.hideTimer = setTimeout(() => pause(runtime), after);
      else if (!hidden() && runtime.paused) restart(runtime);
    }
  };
  const watchPage = (on: boolean) => {
    if (typeof window === 'undefined') return;
    const method = on ? 'addEventListener' : 'removeEventListener';
    window[method]('online', onNetwork);
    window[method]('offline', onNetwork);
    document[method]('visibilitychange', onVisibility);
  };

  function stop(runtime: Runtime) {
    clearTimeout(runtime.timer);
    runtime.timer = undefined;
    runtime.token = null;
    runtime.isOpen = false;
    runtime.connection?.close();
    runtime.connection = null;
  }

  function closeWith(runtime: Runtime, error: SseError) {
    write.patch(runtime.key, { state: 'closed', retryAt: null, error });
  }

  function fail(runtime: Runtime, error: SseError) {
    stop(runtime);
    runtime.attempt += 1;
    const { maxRetries } = config.backoff;
    if (runtime.attempt > maxRetries) {
      runtime.attempt -= 1;
      write.patch(runtime.key, { attempt: runtime.attempt });
      return closeWith(runtime, {
        type: 'retries-exhausted',
        message: `Gave up after ${maxRetries} ${maxRetries === 1 ? 'retry' : 'retries'}. ${error.message}`,
      });
    }
    const delay = backoffDelay(runtime.attempt, config.backoff, config.random);
    write.patch(runtime.key, { state: 'reconnecting', attempt: runtime.attempt, retryAt: Date.now() + delay, error });
    runtime.timer = setTimeout(() => {
      write.patch(runtime.key, { retryAt: null });
      open(runtime);
    }, delay);
  }

  /** Abandons the attempt unless it opens within `connectTimeout`. */
  function expectOpen(runtime: Runtime) {
    clearTimeout(runtime.timer);
    const ms = runtime.options.connectTimeout ?? 15_000;
    if (ms > 0) {
      runtime.timer = setTimeout(
        () => fail(runtime, { type: 'timeout', message: `The server did not open the stream within ${seconds(ms)}.` }),
        ms,
      );
    }
  }

  /** The stall watchdog: one timer per window, re-armed from the newest event instead of on each event. */
  function watchStall(runtime: Runtime) {
    const ms = runtime.options.staleAfter;
    if (!ms || !runtime.isOpen) return;
    clearTimeout(runtime.timer);
    const check = () => {
      const idle = Date.now() - runtime.lastAt;
      if (idle < ms) runtime.timer = setTimeout(check, ms - idle);
      else fail(runtime, { type: 'stalled', message: `No event for ${seconds(ms)}; reopening.` });
    };
    runtime.timer = setTimeout(check, ms);
  }

  function subscribeAll(runtime: Runtime) {
    const { connection, options } = runtime;
    for (const type of runtime.listeners.keys()) connection?.subscribe(type);
    if (options.staleAfter) connection?.subscribe(options.heartbeat ?? 'heartbeat');
  }

  function open(runtime: Runtime) {
    stop(runtime);
    if (!runtime.href) return closeWith(runtime, { type: 'invalid-url', message: runtime.urlError ?? '' });
    if (!config.transport.supported) {
      return closeWith(runtime, { type: 'unsupported', message: 'EventSource is not available here.' });
    }
    let url = runtime.href;
    const { resumeParam } = runtime.options;
    if (resumeParam && runtime.lastId) {
      // The browser resends Last-Event-ID only on its own reconnects; this is how sse-kit's do the same.
      const withId = new URL(url);
      withId.searchParams.set(resumeParam, runtime.lastId);
      url = withId.href;
    }
    const token = {};
    runtime.token = token;
    const live = () => runtime.token === token;
    expectOpen(runtime);
    let connection: TransportConnection;
    try {
      connection = config.transport.connect(url, { withCredentials: runtime.withCredentials }, {
        open() {
          if (!live()) return;
          runtime.attempt = 0;
          runtime.isOpen = true;
          runtime.lastAt = Date.now();
          clearTimeout(runtime.timer);
          write.patch(runtime.key, { state: 'open', attempt: 0, retryAt: null, error: null, lastEventAt: runtime.lastAt });
          watchStall(runtime);
        },
        message(type, data, lastEventId) {
          if (live()) deliver(runtime, { type, data, lastEventId, receivedAt: Date.now() });
        },
        error(fatal) {
          if (!live()) return;
          runtime.isOpen = false;
          if (fatal) return fail(runtime, REFUSED);
          // The browser reconnects by itself (resending Last-Event-ID); it too must open in time.
          write.patch(runtime.key, { state: 'reconnecting', retryAt: null });
          expectOpen(runtime);
        },
      });
    } catch (error) {
      stop(runtime);
      return closeWith(runtime, { type: 'invalid-url', message: messageOf(error) });
    }
    // A transport may fail inside connect(); then fail() has already scheduled what comes next.
    if (!live()) return connection.close();
    runtime.connection = connection;
    subscribeAll(runtime);
  }

  function restart(runtime: Runtime) {
    runtime.attempt = 0;
    runtime.paused = false;
    write.patch(runtime.key, { state: 'connecting', attempt: 0, retryAt: null, error: null });
    open(runtime);
  }

  function pause(runtime: Runtime) {
    stop(runtime);
    runtime.paused = true;
    write.patch(runtime.key, { state: 'paused', retryAt: null });
  }

  function deliver(runtime: Runtime, message: SseMessage) {
    runtime.lastAt = message.receivedAt;
    runtime.lastId = message.lastEventId;
    write.message(runtime.key, message);
    const subscriptions = runtime.listeners.get(message.type);
    if (!subscriptions) return;
    // No copy: a Set iterates safely while listeners are removed, and removed ones are skipped.
    for (const subscription of subscriptions) {
      if (!subscription.active) continue;
      try {
        subscription.listener(message);
      } catch (error) {
        config.onError(
          { type: 'listener', message: `A listener for "${message.type}" threw: ${messageOf(error)}` },
          runtime.key,
        );
      }
    }
  }

  function acquire(url: string, options: ConnectionOptions): Runtime {
    const resolved = resolveUrl(url);
    const key = keyOf(resolved, url, options);
    let runtime = runtimes.get(key);
    if (runtime) {
      runtime.holders += 1;
      runtime.closing = null;
      write.patch(key, { refCount: runtime.holders });
      const hadWatchdog = Boolean(runtime.options.staleAfter);
      runtime.options = { ...options, ...defined(runtime.options) };
      if (!hadWatchdog && runtime.options.staleAfter) {
        subscribeAll(runtime);
        watchStall(runtime);
      }
      return runtime;
    }
    runtime = {
      key,
      href: 'href' in resolved ? resolved.href : null,
      urlError: 'error' in resolved ? resolved.error : null,
      withCredentials: Boolean(options.withCredentials),
      options: { ...options },
      holders: 1,
      attempt: 0,
      listeners: new Map(),
      connection: null,
      token: null,
      timer: undefined,
      hideTimer: undefined,
      isOpen: false,
      paused: false,
      lastId: '',
      lastAt: 0,
      closing: null,
    };
    if (runtimes.size === 0) watchPage(true);
    runtimes.set(key, runtime);
    write.put(key, {
      key,
      url: runtime.href ?? url,
      state: 'connecting',
      refCount: 1,
      lastEventId: '',
      attempt: 0,
      retryAt: null,
      error: null,
      offline: typeof navigator !== 'undefined' && navigator.onLine === false,
      lastEventAt: null,
      messageCount: 0,
      latest: {},
    });
    open(runtime);
    // Opened in a page that is already hidden (a background tab): the pause countdown starts now.
    const after = options.pauseWhenHidden;
    if (after && hidden()) runtime.hideTimer = setTimeout(() => pause(runtime), after);
    return runtime;
  }

  function release(runtime: Runtime) {
    runtime.holders -= 1;
    write.patch(runtime.key, { refCount: runtime.holders });
    if (runtime.holders > 0) return;
    const token = {};
    runtime.closing = token;
    // Deferred, so an element moved in the DOM (disconnected, then connected in the same task) keeps its stream.
    const close = () => {
      if (runtime.closing !== token) return;
      stop(runtime);
      clearTimeout(runtime.hideTimer);
      runtimes.delete(runtime.key);
      write.remove(runtime.key);
      if (runtimes.size === 0) watchPage(false);
    };
    if (config.linger > 0) setTimeout(close, config.linger);
    else queueMicrotask(close);
  }

  return {
    hold(url: string, options: ConnectionOptions, events: readonly string[], listener: SseListener | null): Release {
      const runtime = acquire(url, options);
      const subscription: Subscription = { listener: listener ?? (() => {}), active: true };
      for (const type of new Set(events)) {
        let set = runtime.listeners.get(type);
        if (!set) {
          set = new Set();
          runtime.listeners.set(type, set);
          runtime.connection?.subscribe(type);
        }
        set.add(subscription);
      }
      return () => {
        if (!subscription.active) return;
        subscription.active = false;
        for (const type of new Set(events)) {
          const set = runtime.listeners.get(type);
          set?.delete(subscription);
          if (set?.size === 0) runtime.listeners.delete(type);
        }
        release(runtime);
      };
    },
    reconnect(key: string) {
      const runtime = runtimes.get(key);
      if (runtime) restart(runtime);
    },
  };
}

/** The options that are set, so merging never overwrites a value with `undefined`. */
function defined(options: ConnectionOptions): ConnectionOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
