import {
  connectionKey,
  sseStore,
  type ConnectionOptions,
  type ConnectionState,
  type Release,
  type SseMessage,
  type SseStore,
} from '../store/index.js';
import { announce, CLOSED, CONNECTING, OPEN, type Announcement, type ReadyState } from './readiness.js';
import { queueTask } from './tasks.js';

/**
 * `EventSourceInit` plus sse-kit's connection options. Two differences from the store's defaults make an
 * instance behave as the browser's EventSource does: `reconnect` is `native` (an HTTP error or another
 * content type closes it for good; `backoff` retries with sse-kit's rules) and `connectTimeout` is 0 (a
 * native EventSource waits for an answer forever).
 */
export interface SseEventSourceInit extends EventSourceInit, ConnectionOptions {
  /** The store whose connections the instance shares. Default: the page's `sseStore`. */
  store?: SseStore;
  /**
   * Event names whose newest message an instance that joins an already open connection gets right after its
   * own `open`, as if it had made its own request: a stream's greeting, such as tRPC's `connected`. None by default.
   */
  replay?: readonly string[];
}

/** An event handler attribute's value: `onopen`, `onmessage`, `onerror`. */
type Handler<E extends Event> = ((this: EventSource, event: E) => unknown) | null;

interface HandlerSlot {
  value: (this: EventSource, event: Event) => unknown;
  /** The listener added when the attribute was first set: its place among the listeners is the attribute's. */
  listener: (event: Event) => void;
}

/** Where the page is: relative URLs resolve against it, and its own origin needs no credentials flag. */
const pageBase = () => (typeof document != 'undefined' ? document.baseURI : globalThis.location?.href);

/**
 * A standard `EventSource` whose connection is one of sse-kit's: instances with the same URL and options
 * share one connection through the store (50 widgets, one request), each sees what a native EventSource
 * would see, and `close()` lets go of this instance only. Pass it where a library takes an `EventSource`
 * constructor (tRPC's `httpSubscriptionLink`, htmx's `createEventSource`), or put it at the global with
 * `installEventSource()`.
 *
 * It follows the HTML standard's interface: `url` resolved against the document, `readyState` from CONNECTING,
 * `open`, `message` (and the server's named events) and `error` dispatched from tasks of their own, in the
 * order a native one fires them, `onopen`/`onmessage`/`onerror` as event handler attributes, and `MessageEvent`s
 * with `data`, `lastEventId` and `origin`. What it cannot do: its events are not trusted (`isTrusted` is false,
 * as for every event a script dispatches), and `origin` is the URL's, not a redirect target's.
 *
 * @fires open - the stream opened (or was already open when this instance joined it)
 * @fires message - a server event without an `event:` field; a named one fires under its name
 * @fires error - a failed attempt or a drop (readyState CONNECTING: it reconnects), or the end (CLOSED)
 */
export class SseEventSource extends EventTarget implements EventSource {
  static readonly CONNECTING = CONNECTING;
  static readonly OPEN = OPEN;
  static readonly CLOSED = CLOSED;
  declare readonly CONNECTING: typeof CONNECTING;
  declare readonly OPEN: typeof OPEN;
  declare readonly CLOSED: typeof CLOSED;

  readonly #url: string;
  readonly #origin: string;
  readonly #withCredentials: boolean;
  readonly #store: SseStore;
  readonly #options: ConnectionOptions;
  readonly #key: string;
  readonly #replay: readonly string[];
  #readyState: ReadyState = CONNECTING;
  /** The readyState the events queued so far lead to; `readyState` gets there as they are dispatched. */
  #heading: ReadyState = CONNECTING;
  /** The connection's state as this instance last saw it. */
  #seen: ConnectionState | undefined;
  /** Event names this instance receives from the server: `message` and every name a listener was added for. */
  readonly #names = new Set(['message']);
  readonly #handlers = new Map<string, HandlerSlot>();
  #release: Release | undefined;
  #unsubscribe: (() => void) | undefined;

  /**
   * @param url resolved against the document's base URL; one that does not parse throws a `SyntaxError` DOMException
   * @param init `withCredentials`, sse-kit's connection options, and the `store` to use
   */
  constructor(url: string | URL, init?: SseEventSourceInit | null) {
    super();
    if (arguments.length === 0) throw new TypeError("Failed to construct 'EventSource': 1 argument required, but only 0 present.");
    let resolved: URL;
    try {
      resolved = new URL(String(url), pageBase());
    } catch {
      throw new DOMException(`Failed to construct 'EventSource': The URL '${String(url)}' is invalid.`, 'SyntaxError');
    }
    const { store = sseStore, withCredentials, reconnect = 'native', connectTimeout = 0, replay = [], ...options } = init ?? {};
    this.#url = resolved.href;
    this.#origin = resolved.origin;
    this.#withCredentials = Boolean(withCredentials);
    this.#store = store;
    this.#replay = replay;
    this.#options = {
      ...options,
      reconnect,
      connectTimeout,
      // To the page's own origin the browser sends the same request either way, so such instances share one
      // connection; to another origin, cookies and CORS make it another request (and the store keys it apart).
      withCredentials: this.#withCredentials && resolved.origin !== globalThis.location?.origin,
    };
    this.#key = connectionKey(this.#url, this.#options);

    const before = store.getState().connections[this.#key];
    this.#listen();
    // A native EventSource makes a new request; a connection closed for good is reopened for this one.
    if (before?.state === 'closed') store.getState().reconnect(this.#url, this.#options);
    // Watched from here on: what the hold and the reopen did synchronously is seen as where they left it.
    this.#unsubscribe = store.subscribe((state) => this.#observe(state.connections[this.#key]));
    this.#observe(store.getState().connections[this.#key]);
  }

  /** The absolute URL of the stream. */
  get url(): string {
    return this.#url;
  }

  /** Whether cross-origin requests send cookies (`EventSourceInit.withCredentials`). */
  get withCredentials(): boolean {
    return this.#withCredentials;
  }

  /** CONNECTING (0), OPEN (1) or CLOSED (2). */
  get readyState(): number {
    return this.#readyState;
  }

  /** The event handler attribute of `open`: the stream opened. */
  get onopen(): Handler<Event> {
    return this.#handler('open');
  }
  set onopen(value: Handler<Event>) {
    this.#setHandler('open', value);
  }

  /** The event handler attribute of `message`: a server event without an `event:` field. */
  get onmessage(): Handler<MessageEvent> {
    return this.#handler('message');
  }
  set onmessage(value: Handler<MessageEvent>) {
    this.#setHandler('message', value as Handler<Event>);
  }

  /** The event handler attribute of `error`: an attempt failed or the stream dropped (CONNECTING), or it ended for good (CLOSED). */
  get onerror(): Handler<Event> {
    return this.#handler('error');
  }
  set onerror(value: Handler<Event>) {
    this.#setHandler('error', value);
  }

  override addEventListener<K extends keyof EventSourceEventMap>(
    type: K,
    listener: (this: EventSource, event: EventSourceEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(type: string, listener: (this: EventSource, event: MessageEvent) => unknown, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  /** As EventTarget's; a name heard for the first time is asked of the connection from now on. */
  override addEventListener(type: string, listener: unknown, options?: boolean | AddEventListenerOptions): void {
    super.addEventListener(type, listener as EventListenerOrEventListenerObject | null, options);
    const name = String(type);
    if (this.#names.has(name)) return;
    this.#names.add(name);
    if (this.#release) this.#listen();
  }

  override removeEventListener<K extends keyof EventSourceEventMap>(
    type: K,
    listener: (this: EventSource, event: EventSourceEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(type: string, listener: (this: EventSource, event: MessageEvent) => unknown, options?: boolean | EventListenerOptions): void;
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
  /** As EventTarget's (the connection keeps sending the name: another listener may come). */
  override removeEventListener(type: string, listener: unknown, options?: boolean | EventListenerOptions): void {
    super.removeEventListener(type, listener as EventListenerOrEventListenerObject | null, options);
  }

  /** Ends this instance: readyState CLOSED, nothing dispatched from now on, and its hold on the connection released. */
  close(): void {
    this.#readyState = this.#heading = CLOSED;
    this.#stop();
  }

  /** Holds the connection for this instance's event names, the new hold before the old one goes, so it never closes. */
  #listen(): void {
    const previous = this.#release;
    this.#release = this.#store.getState().listen(this.#url, [...this.#names], this.#receive, this.#options);
    previous?.();
  }

  #stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  /** The store delivers synchronously, inside its own loop: the event is dispatched from a task of its own. */
  readonly #receive = (message: SseMessage): void => {
    queueTask(() => {
      if (this.#readyState === CLOSED) return;
      this.dispatchEvent(new MessageEvent(message.type, { data: message.data, lastEventId: message.lastEventId, origin: this.#origin }));
    });
  };

  /** Runs inside the store's write (zustand calls subscribers synchronously): it only queues, never dispatches. */
  #observe(connection: ConnectionState | undefined): void {
    if (connection === this.#seen) return;
    const previous = this.#seen;
    const announcement = announce(this.#heading, previous, connection);
    this.#seen = connection;
    if (!announcement) return;
    this.#heading = announcement.readyState;
    this.#queue(announcement);
    // Joined an open stream: the greeting it sent before this instance came, if asked for.
    if (!previous && announcement.event === 'open') {
      for (const name of this.#replay) {
        const message = connection?.latest[name];
        if (message) this.#receive(message);
      }
    }
    // Closed for good: like a native one, a failed instance holds nothing. Let go after the store's write is over.
    if (announcement.readyState === CLOSED) queueMicrotask(() => this.#stop());
  }

  #queue({ event, readyState }: Announcement): void {
    queueTask(() => {
      if (this.#readyState === CLOSED) return;
      this.#readyState = readyState;
      this.dispatchEvent(new Event(event));
    });
  }

  #handler(type: string): Handler<Event> {
    return this.#handlers.get(type)?.value ?? null;
  }

  /**
   * An event handler attribute, as the HTML standard defines one: the first function set adds a listener,
   * which keeps its place among the others while the attribute changes; null (or a non-function) removes it.
   */
  #setHandler(type: string, value: Handler<Event>): void {
    const slot = this.#handlers.get(type);
    if (typeof value != 'function') {
      if (slot) this.removeEventListener(type, slot.listener);
      this.#handlers.delete(type);
      return;
    }
    if (slot) {
      slot.value = value;
      return;
    }
    const added: HandlerSlot = {
      value,
      listener: (event) => {
        if (added.value.call(this as EventSource, event) === false) event.preventDefault();
      },
    };
    this.#handlers.set(type, added);
    this.addEventListener(type, added.listener);
  }
}

// As on the native interface: the constants are on the prototype too, read-only.
for (const [name, value] of Object.entries({ CONNECTING, OPEN, CLOSED })) {
  Object.defineProperty(SseEventSource.prototype, name, { value, enumerable: true });
}
