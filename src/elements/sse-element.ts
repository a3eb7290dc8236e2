import { LitElement, type PropertyDeclarations } from 'lit';
import type { SseStore } from '../store/store.js';

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
    this.store = null;
  }
}
