import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { SseErrorEvent } from '../events/sse-error.js';
import { SseStateChangeEvent } from '../events/sse-state-change.js';
import { connectionKey } from '../store/key.js';
import { sseStore, type SseStore } from '../store/store.js';
import type { SseStream } from '../store/stream.js';
import type {
  ConnectionOptions,
  ConnectionState,
  ConnectionStatus,
  SseDecoder,
  SseError,
  SseEvents,
  SseHeaders,
  SseMessage,
  SseTransportName,
} from '../store/types.js';
import { bind, type Binding } from './binding.js';
import { fingerprint } from './fingerprint.js';
import { OPTIONS, type OptionHolder } from './options.js';
import { findProvider, targetOf } from './target.js';

/**
 * What an element exposes for the controller to read; `src` may be empty to use an `<sse-source>` ancestor's.
 * Values may be the strings frameworks set as properties ("3", "", "false"): they are read as attributes would be.
 */
export interface SseHost extends ReactiveControllerHost, HTMLElement {
  src: string | null;
  withCredentials?: boolean | string | null;
  connectTimeout?: number | string | null;
  staleAfter?: number | string | null;
  heartbeat?: string | null;
  pauseWhenHidden?: number | string | null;
  resumeParam?: string | null;
  headers?: SseHeaders | null;
  method?: string | null;
  body?: string | null;
  transport?: SseTransportName | null;
  once?: boolean | string | null;
  endOn?: string | null;
  shared?: boolean | string | null;
  identity?: string | null;
  persist?: boolean | string | null;
  resumeSrc?: string | null;
  /** The store to use; the page's shared `sseStore` when unset. */
  store?: SseStore | null;
  /** A typed stream to use instead of `src` and the options: its URL, options, store and decoders. */
  stream?: SseStream | null;
}

export interface SseControllerOptions {
  /** Event names to deliver to `onMessage`; read at every update, so a changed list resubscribes. */
  events?: () => readonly string[];
  /** How the host decodes the events its stream (if any) does not define; read at every update. Default `text`. */
  decoder?: () => SseDecoder | null | undefined;
  /** Each message of `events`, its `value` decoded; one its decoder rejected is an `sse-error` on the host instead. */
  onMessage?: (message: SseMessage) => void;
  /**
   * Request a host update when the connection's status changes (state, attempt, retry time, error,
   * offline); default true. A host whose render does not show the status turns it off and saves a render.
   */
  updateOnChange?: boolean;
  /** Called when the controller moves to another connection or event list, before its first message. */
  onTargetChange?: () => void;
}

/** What the host wants, with a signature to compare. */
interface Target {
  store: SseStore;
  src: string;
  options: ConnectionOptions;
  /** The event names, each with its decoder. */
  events: SseEvents;
  signature: string;
}

const WATCHED = ['src', ...OPTIONS.map(([, attribute]) => attribute).filter(Boolean)];
/** Emitted by `<sse-source>` when a property its descendants read (one without an attribute) changes. */
export const PROVIDER_CHANGE = 'sse-source-change';

/**
 * Binds a host element to one shared connection: holds it while the host is connected, delivers the
 * host's events, and requests an update when the connection's status (not each message) changes.
 * Dispatches `sse-state-change` and `sse-error` on the host, so every element reports the same way.
 */
export class SseController implements ReactiveController {
  /** The connection's state at the last change of status; undefined while nothing is held. */
  connection: ConnectionState | undefined = undefined;

  readonly #host: SseHost;
  readonly #config: SseControllerOptions;
  #target: Target | null = null;
  #binding: Binding | null = null;
  #provider: Element | null = null;
  #providerObserver: MutationObserver | null = null;
  #lastStatus: ConnectionStatus | null = null;
  #lastError: SseError | null = null;
  #connected = false;

  constructor(host: SseHost, options: SseControllerOptions = {}) {
    this.#host = host;
    this.#config = options;
    host.addController(this);
  }

  /** The URL in use: the host's `src`, else the nearest `<sse-source>`'s; null when neither has one. */
  get src(): string | null {
    return this.#target?.src ?? null;
  }

  /** The store the connection is held in; null while nothing is held. */
  get store(): SseStore | null {
    return this.#target?.store ?? null;
  }

  /** The connection's key, for reading the store directly (known from `onTargetChange` on). */
  get key(): string | null {
    return this.#binding?.key ?? (this.#target && connectionKey(this.#target.src, this.#target.options));
  }

  /** What the host is bound to (URL, options, event names and their decoders) as text: the same while none changes. */
  get signature(): string {
    return this.#target?.signature ?? '';
  }

  /** The event names the host listens to, each with its decoder. */
  get events(): SseEvents {
    return this.#target?.events ?? {};
  }

  /** Retry now, resetting the backoff (the retry button of `<sse-status>`). */
  reconnect(): void {
    if (this.#target) {
      this.#target.store.getState().reconnect(this.#target.src, this.#target.options);
    }
  }

  hostConnected(): void {
    // An SseElement calls this before Lit does, to start the request sooner; once per connection.
    if (this.#connected) return;
    this.#connected = true;
    this.#watchProvider();
    this.#sync();
  }

  hostUpdate(): void {
    this.#sync();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#providerObserver?.disconnect();
    this.#provider?.removeEventListener(PROVIDER_CHANGE, this.#onProviderChange);
    this.#provider = null;
    this.#unbind();
    this.#target = null;
    this.connection = undefined;
  }

  /** The connection options in use: the host's own, else its `<sse-source>`'s (when it streams from there). */
  get options(): ConnectionOptions {
    return this.#target?.options ?? {};
  }

  #resolveTarget(): Target | null {
    const host = this.#host;
    const provider = this.#provider as (OptionHolder & Pick<SseHost, 'stream'>) | null;
    // A stream of its own, else its <sse-source>'s when it has no src of its own.
    const stream = host.stream ?? (host.src ? null : provider?.stream);
    const target = stream ? { src: stream.url, options: stream.options } : targetOf(host as unknown as OptionHolder, provider);
    if (!target) return null;
    const { src, options } = target;
    const store = stream?.store ?? host.store ?? (host.src ? null : provider?.store) ?? sseStore;
    const decoder = this.#config.decoder?.() ?? 'text';
    const events: Record<string, SseDecoder> = {};
    for (const name of this.#config.events?.() ?? []) events[name] = stream?.events[name] ?? decoder;
    return { store, src, options, events, signature: `${src}\n${fingerprint(options)}\n${fingerprint(events)}` };
  }

  #watchProvider(): void {
    const provider = this.#host.src ? null : findProvider(this.#host);
    if (provider === this.#provider) return;
    this.#providerObserver?.disconnect();
    this.#provider?.removeEventListener(PROVIDER_CHANGE, this.#onProviderChange);
    this.#provider = provider;
    if (!provider) return;
    this.#providerObserver ??= new MutationObserver(this.#onProviderChange);
    this.#providerObserver.observe(provider, { attributes: true, attributeFilter: WATCHED });
    provider.addEventListener(PROVIDER_CHANGE, this.#onProviderChange);
  }

  readonly #onProviderChange = () => this.#host.requestUpdate();

  /** Re-acquires when what the host asks for changed since the last update (a new `src`, say). */
  #sync(): void {
    if (!this.#host.isConnected) return;
    if (!this.#host.src && !this.#provider) this.#watchProvider();
    const wanted = this.#resolveTarget();
    if (wanted?.store === this.#target?.store && wanted?.signature === this.#target?.signature) return;
    this.#unbind();
    if (!wanted) {
      this.#target = null;
      this.connection = undefined;
      this.#report(undefined);
      return;
    }
    const next = wanted;
    this.#target = next;
    this.#config.onTargetChange?.();
    const { onMessage } = this.#config;
    // The guards drop what comes for a target the host has left (src changed while a dispatch was under way).
    const binding = bind(next.store, next.src, next.options, {
      events: onMessage ? next.events : [],
      listener: onMessage && ((message) => this.#target === next && onMessage(message)),
      onReject: (error) => this.#target === next && this.#host.dispatchEvent(new SseErrorEvent(error)),
      changed: (connection) => this.#target === next && this.#observe(connection),
    });
    this.#binding = binding;
    this.#observe(next.store.getState().connections[binding.key]);
  }

  #unbind(): void {
    this.#binding?.release();
    this.#binding = null;
  }

  #observe(connection: ConnectionState | undefined): void {
    const previous = this.connection;
    this.connection = connection;
    const changed =
      previous?.state !== connection?.state ||
      previous?.attempt !== connection?.attempt ||
      previous?.retryAt !== connection?.retryAt ||
      previous?.error !== connection?.error ||
      previous?.offline !== connection?.offline;
    if (!changed) return;
    if (this.#config.updateOnChange !== false) this.#host.requestUpdate();
    this.#report(connection);
  }

  #report(connection: ConnectionState | undefined): void {
    const status = connection?.state ?? null;
    const events: Event[] = [];
    if (status && status !== this.#lastStatus) events.push(new SseStateChangeEvent({ state: status, previous: this.#lastStatus }));
    this.#lastStatus = status;
    const error = connection?.error ?? null;
    if (error && error !== this.#lastError) events.push(new SseErrorEvent({ ...error }));
    this.#lastError = error;
    // Dispatched a microtask later: the first report comes while the element is being connected, and a
    // framework (React) that is still mounting it must not be asked to update in the middle of that.
    if (events.length) queueMicrotask(() => events.forEach((event) => this.#host.dispatchEvent(event)));
  }
}
