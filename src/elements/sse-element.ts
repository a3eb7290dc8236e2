import { LitElement, type PropertyDeclarations } from 'lit';
import type { SseStore } from '../store/store.js';
import type { SseHeaders, SseTransportName } from '../store/types.js';

/**
 * What every sse-kit element shares: where the stream is and how its connection is tuned. The
 * options map to `ConnectionOptions`; unset ones fall back to an `<sse-source>` ancestor's attributes,
 * then to the store's defaults.
 */
export class SseElement extends LitElement {
  static override properties: PropertyDeclarations = {
    src: { reflect: true },
    withCredentials: { type: Boolean, attribute: 'with-credentials', reflect: true },
    connectTimeout: { type: Number, attribute: 'connect-timeout', reflect: true },
    staleAfter: { type: Number, attribute: 'stale-after', reflect: true },
    heartbeat: { reflect: true },
    pauseWhenHidden: { type: Number, attribute: 'pause-when-hidden', reflect: true },
    resumeParam: { attribute: 'resume-param', reflect: true },
    headers: { attribute: false },
    method: { reflect: true },
    body: { attribute: false },
    transport: { reflect: true },
    once: { type: Boolean, reflect: true },
    endOn: { attribute: 'end-on', reflect: true },
    shared: { type: Boolean, reflect: true },
    store: { attribute: false },
  };

  /** URL of the event stream; empty to use the nearest `<sse-source>`'s. */
  declare src: string | null;
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
  /** With `once`, the data that marks the end (e.g. `[DONE]`); that message is not shown. */
  declare endOn: string | null;
  /** One connection for every tab of this origin: one tab holds it and relays to the others. */
  declare shared: boolean;
  /** The store to use; an `<sse-source>`'s, else the page's shared `sseStore`. */
  declare store: SseStore | null;

  constructor() {
    super();
    this.src = null;
    this.withCredentials = false;
    this.connectTimeout = null;
    this.staleAfter = null;
    this.heartbeat = null;
    this.pauseWhenHidden = null;
    this.resumeParam = null;
    this.headers = null;
    this.method = null;
    this.body = null;
    this.transport = null;
    this.once = false;
    this.endOn = null;
    this.shared = false;
    this.store = null;
  }
}
