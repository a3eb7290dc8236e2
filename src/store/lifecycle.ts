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

/** Everything about a connection that is not data: the transport, timers, listeners. Never in the state. */
interface Runtime {
  key: string;
  href: string | null;
  urlError: string | null;
  withCredentials: boolean;
  holders: number;
  attempt: number;
  listeners: Map<string, Set<Subscription>>;
  connection: TransportConnection | null;
  /** Identifies the live attempt, so a replaced attempt's late callbacks are ignored. */
  token: object | null;
  retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set while a deferred close is pending; a new holder clears it, which cancels that close. */
  closing: object | null;
}

const REFUSED: SseError = {
  type: 'refused',
  message:
    'The server ended the event stream: an HTTP error status, a content type other than text/event-stream, or a failed request.',
};

export function createLifecycle(config: LifecycleConfig, write: StateWriter) {
  const runtimes = new Map<string, Runtime>();

  const online = () => {
    // Retry at once what waits on backoff or gave up; streams the browser is resuming are left alone.
    for (const runtime of runtimes.values()) {
      if (runtime.href && !runtime.connection) restart(runtime);
    }
  };
  const watchNetwork = (on: boolean) => {
    if (typeof window === 'undefined') return;
    if (on) window.addEventListener('online', online);
    else window.removeEventListener('online', online);
  };

  function stop(runtime: Runtime) {
    clearTimeout(runtime.retryTimer);
    runtime.retryTimer = undefined;
    runtime.token = null;
    runtime.connection?.close();
    runtime.connection = null;
  }

  function fail(runtime: Runtime, error: SseError) {
    stop(runtime);
    runtime.attempt += 1;
    const { maxRetries } = config.backoff;
    if (runtime.attempt > maxRetries) {
      const tries = maxRetries === 1 ? '1 retry' : `${maxRetries} retries`;
      write.patch(runtime.key, {
        state: 'closed',
        retryAt: null,
        attempt: runtime.attempt - 1,
        error: { type: 'retries-exhausted', message: `Gave up after ${tries}. ${error.message}` },
      });
      return;
    }
    const delay = backoffDelay(runtime.attempt, config.backoff, config.random);
    write.patch(runtime.key, { state: 'reconnecting', attempt: runtime.attempt, retryAt: Date.now() + delay, error });
    runtime.retryTimer = setTimeout(() => open(runtime), delay);
  }

  function open(runtime: Runtime) {
    stop(runtime);
    if (!runtime.href) {
      write.patch(runtime.key, { state: 'closed', error: { type: 'invalid-url', message: runtime.urlError ?? '' } });
      return;
    }
    if (!config.transport.supported) {
      write.patch(runtime.key, {
        state: 'closed',
        error: { type: 'unsupported', message: 'EventSource is not available in this environment.' },
      });
      return;
    }
    const token = {};
    runtime.token = token;
    const live = () => runtime.token === token;
    let connection: TransportConnection;
    try {
      connection = config.transport.connect(runtime.href, { withCredentials: runtime.withCredentials }, {
        open() {
          if (!live()) return;
          runtime.attempt = 0;
          write.patch(runtime.key, { state: 'open', attempt: 0, retryAt: null, error: null });
        },
        message(type, data, lastEventId) {
          if (live()) deliver(runtime, { type, data, lastEventId, receivedAt: Date.now() });
        },
        error(fatal) {
          if (!live()) return;
          if (fatal) fail(runtime, REFUSED);
          else write.patch(runtime.key, { state: 'reconnecting', retryAt: null });
        },
      });
    } catch (error) {
      runtime.token = null;
      write.patch(runtime.key, { state: 'closed', error: { type: 'invalid-url', message: messageOf(error) } });
      return;
    }
    // A transport may fail inside connect(); then fail() has already scheduled what comes next.
    if (!live()) return connection.close();
    runtime.connection = connection;
    for (const type of runtime.listeners.keys()) connection.subscribe(type);
  }

  function restart(runtime: Runtime) {
    runtime.attempt = 0;
    write.patch(runtime.key, { state: 'connecting', attempt: 0, retryAt: null, error: null });
    open(runtime);
  }

  function deliver(runtime: Runtime, message: SseMessage) {
    write.message(runtime.key, message);
    const subscriptions = runtime.listeners.get(message.type);
    if (!subscriptions) return;
    for (const subscription of [...subscriptions]) {
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
      return runtime;
    }
    runtime = {
      key,
      href: 'href' in resolved ? resolved.href : null,
      urlError: 'error' in resolved ? resolved.error : null,
      withCredentials: Boolean(options.withCredentials),
      holders: 1,
      attempt: 0,
      listeners: new Map(),
      connection: null,
      token: null,
      retryTimer: undefined,
      closing: null,
    };
    if (runtimes.size === 0) watchNetwork(true);
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
      messageCount: 0,
      latest: {},
    });
    open(runtime);
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
      runtimes.delete(runtime.key);
      write.remove(runtime.key);
      if (runtimes.size === 0) watchNetwork(false);
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
