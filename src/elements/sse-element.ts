import { LitElement, type PropertyDeclarations, type ReactiveController } from 'lit';
import { fromAttribute, OPTIONS } from '../controllers/options.js';
import { SseController } from '../controllers/sse-controller.js';
import type { SseStore } from '../store/store.js';
import type { SseStream } from '../store/stream.js';
import type { SseHeaders, SseTransportName } from '../store/types.js';

/** Option values set as properties, per element; an option not set here reads from its attribute. */
const set = new WeakMap<Element, Record<string, unknown>>();
const attributes = new Map(OPTIONS.filter(([, attribute]) => attribute).map(([name, attribute]) => [attribute, name]));

/**
 * What every sse-kit element shares: where the stream is and how its connection is tuned. The options
 * map to `ConnectionOptions`; unset ones fall back to an `<sse-source>` ancestor's, then to the store's
 * defaults.
 *
 * The options are plain accessors from one table (`OPTIONS`), not Lit reactive properties: an element
 * upgrades with less to set up. Each reads its attribute until a property is set, the last write wins,
 * and either one updates the element; they are not reflected.
 *
 * @attr {boolean} with-credentials - Send credentials (cookies) with a cross-origin stream.
 * @attr {number} connect-timeout - Ms an attempt may take to open before it is retried (default 15000; 0: wait).
 * @attr {number} stale-after - Ms without an event after which the stream is reopened (off when unset).
 * @attr heartbeat - Name of the server's keep-alive event that the stall watchdog counts (default `heartbeat`).
 * @attr {number} pause-when-hidden - Ms the page may stay hidden before the connection pauses (off when unset).
 * @attr resume-param - Query parameter carrying the last event id when sse-kit reopens (e.g. `lastEventID`).
 * @attr method - HTTP method (default `GET`); another one implies the `fetch` transport.
 * @attr transport - `eventsource` or `fetch`; unset, `fetch` when headers, a body or a method other than GET need it.
 * @attr {boolean} once - A one-shot stream (a generated answer): it ends when the server ends it, and never reconnects by itself.
 * @attr end-on - The data that marks the end of the stream (e.g. `[DONE]`); that message is not delivered.
 * @attr {boolean} shared - One connection for every tab of this origin: one tab holds it and relays to the others.
 * @attr identity - Who the connection is for (a user or account id): connections for different identities are never shared.
 * @attr {boolean} persist - Remember the stream across a reload: its last event id (it resumes from there, and nothing shows twice), and what `<sse-feed>` and `<sse-text>` show.
 * @attr resume-src - With `persist`, for a one-shot answer: the URL that serves the rest of an answer a reload broke off (a GET with `Last-Event-ID`).
 */
export class SseElement extends LitElement {
  static override properties: PropertyDeclarations = {
    src: { reflect: true },
    stream: { attribute: false },
  };

  /** URL of the event stream; empty to use the nearest `<sse-source>`'s. */
  declare src: string | null;
  /**
   * A typed stream (`defineStream`) in place of `src` and the options: its URL, options, store, and how its
   * events decode. On an `<sse-source>`, for the descendants without a `src` or a stream of their own.
   */
  declare stream: SseStream | null | undefined;
  /** Send credentials (cookies) with a cross-origin stream. */
  declare withCredentials: boolean;
  /** Ms an attempt may take to open before it is retried (default 15000; 0: never give up waiting). */
  declare connectTimeout: number | null;
  /** Ms without an event after which the stream is reopened (off when unset). */
  declare staleAfter: number | null;
  /** Name of the server's keep-alive event that the stall watchdog counts (default `heartbeat`). */
  declare heartbeat: string | null;
  /** Ms the page may stay hidden before the connection pauses (off when unset). */
  declare pauseWhenHidden: number | null;
  /** Query parameter carrying the last event id when sse-kit reopens (e.g. `lastEventID`). */
  declare resumeParam: string | null;
  /**
   * Request headers, or a function returning them (sync or async) called before every attempt, so a
   * refreshed token is always the one sent. A property only: tokens do not belong in markup. Implies `fetch`.
   */
  declare headers: SseHeaders | null;
  /** HTTP method (default `GET`); another one implies the `fetch` transport. */
  declare method: string | null;
  /** Request body, e.g. a JSON prompt for a POST. A property only. Implies the `fetch` transport. */
  declare body: string | null;
  /** `eventsource` or `fetch`; unset, `fetch` when headers, a body or a method other than GET need it. */
  declare transport: SseTransportName | null;
  /** A one-shot stream (a generated answer): it ends when the server ends it, and never reconnects by itself. */
  declare once: boolean;
  /** The data that marks the end of the stream (e.g. `[DONE]`); that message is not delivered. */
  declare endOn: string | null;
  /** One connection for every tab of this origin: one tab holds it and relays to the others. */
  declare shared: boolean;
  /** Who the connection is for (a user or account id): connections for different identities are never shared. */
  declare identity: string | null;
  /** Remember the stream across a reload: its last event id, and what `<sse-feed>` and `<sse-text>` show. */
  declare persist: boolean;
  /** With `persist`, for a one-shot answer: the URL that serves the rest of an answer a reload broke off. */
  declare resumeSrc: string | null;
  /** The store to use; an `<sse-source>`'s, else the page's shared `sseStore`. */
  declare store: SseStore | null;

  /** The element's stream, asked for before anything else when the element connects. */
  #stream: SseController | undefined;

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, ...attributes.keys()];
  }

  constructor() {
    super();
    this.src = null;
    // A value set on the element before it upgraded is an own property hiding the accessor: move it over.
    for (const name of [...OPTIONS.map(([option]) => option), 'store']) {
      if (Object.hasOwn(this, name)) {
        const value = (this as Record<string, unknown>)[name];
        delete (this as Record<string, unknown>)[name];
        (this as Record<string, unknown>)[name] = value;
      }
    }
  }

  override addController(controller: ReactiveController): void {
    if (controller instanceof SseController) this.#stream = controller;
    super.addController(controller);
  }

  override connectedCallback(): void {
    // The request goes out first: the shadow root, the styles and the first render overlap the network.
    this.#stream?.hostConnected();
    super.connectedCallback();
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    const option = attributes.get(name);
    if (!option) return super.attributeChangedCallback(name, old, value);
    // The attribute is the newest word: a property set earlier no longer hides it.
    delete set.get(this)?.[option];
    this.requestUpdate(option);
  }
}

for (const [name, attribute, kind] of [...OPTIONS, ['store', '', 'property'] as const]) {
  Object.defineProperty(SseElement.prototype, name, {
    configurable: true,
    get(this: SseElement) {
      const value = set.get(this)?.[name];
      return value === undefined ? (kind == 'property' ? null : fromAttribute(this, attribute, kind)) : value;
    },
    set(this: SseElement, value: unknown) {
      const old = (this as unknown as Record<string, unknown>)[name];
      let values = set.get(this);
      if (!values) set.set(this, (values = {}));
      values[name] = value;
      this.requestUpdate(name, old);
    },
  });
}
