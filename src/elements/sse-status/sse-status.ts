import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { SseController } from '../../controllers/sse-controller.js';
import type { SseStore } from '../../store/store.js';
import type { ConnectionStatus } from '../../store/types.js';
import { styles } from './sse-status.styles.js';

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting',
  closed: 'Disconnected',
};

/**
 * @tagname sse-status
 * @summary Shows the state of a shared connection: a coloured dot, a label, why it failed, when it
 * retries, and a retry button once it has given up.
 *
 * @slot connecting - Label while the first connection is being made.
 * @slot open - Label while events flow.
 * @slot reconnecting - Label while the browser or the backoff retries.
 * @slot closed - Label once the connection is closed for good (no `src`, invalid URL, retries exhausted).
 * @slot retry - Text of the retry button.
 *
 * @csspart indicator - The coloured dot.
 * @csspart label - The state's label.
 * @csspart detail - "in N s (attempt K)" while waiting to retry, or the error message.
 * @csspart retry - The retry button.
 *
 * @cssprop --sse-status-open-color - Dot colour while open.
 * @cssprop --sse-status-connecting-color - Dot colour while connecting.
 * @cssprop --sse-status-reconnecting-color - Dot colour while reconnecting.
 * @cssprop --sse-status-closed-color - Dot colour while closed.
 * @cssprop --sse-status-indicator-size - Size of the dot.
 * @cssprop --sse-status-gap - Space between the parts.
 * @cssprop --sse-status-detail-color - Colour of the detail text.
 * @cssprop --sse-status-font - Font of the element.
 *
 * @fires sse-state-change - The connection changed state.
 * @fires sse-error - The connection failed; `detail.type` and `detail.message` say how.
 */
export class SseStatus extends LitElement {
  static override styles = styles;

  static override properties = {
    src: { reflect: true },
    withCredentials: { type: Boolean, attribute: 'with-credentials', reflect: true },
    state: { reflect: true },
    store: { attribute: false },
  };

  /** URL of the event stream; empty to use the nearest `<sse-source>`'s. */
  declare src: string | null;
  /** Send credentials (cookies) with a cross-origin stream. */
  declare withCredentials: boolean;
  /** The connection's state, reflected for `sse-status[state=open]` selectors; set by the element. */
  declare state: ConnectionStatus;
  /** The store to use; the page's shared `sseStore` when unset. */
  declare store: SseStore | null;
  private readonly controller = new SseController(this);
  /** Clock for the retry countdown, ticking only while a retry is scheduled. */
  private now = Date.now();
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.src = null;
    this.withCredentials = false;
    this.state = 'closed';
    this.store = null;
    // A polite live region: state changes are announced without interrupting.
    this.attachInternals().role = 'status';
  }

  /** The connection's current state, as the controller last saw it. */
  get connection() {
    return this.controller.connection;
  }

  /** Retries now, resetting the backoff. */
  retry(): void {
    this.controller.reconnect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.tick(false);
  }

  private tick(on: boolean): void {
    if (on && this.ticker === undefined) {
      this.ticker = setInterval(() => {
        this.now = Date.now();
        this.requestUpdate();
      }, 1000);
    }
    if (!on && this.ticker !== undefined) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    const connection = this.controller.connection;
    this.state = connection?.state ?? 'closed';
    const waiting = connection?.retryAt != null;
    if (waiting && this.ticker === undefined) this.now = Date.now();
    this.tick(waiting);
  }

  private detail(): string {
    const connection = this.controller.connection;
    if (!connection) return this.controller.src ? '' : 'No src';
    if (connection.retryAt !== null) {
      const seconds = Math.max(0, Math.ceil((connection.retryAt - this.now) / 1000));
      return `in ${seconds} s (attempt ${connection.attempt})`;
    }
    return connection.state === 'open' ? '' : (connection.error?.message ?? '');
  }

  protected override render() {
    const detail = this.detail();
    const connection = this.controller.connection;
    const canRetry = connection !== undefined && (this.state === 'closed' || connection.retryAt !== null);
    return html`<span part="indicator"></span>
      <span part="label"><slot name=${this.state}>${LABELS[this.state]}</slot></span>
      ${detail ? html`<span part="detail">${detail}</span>` : nothing}
      ${canRetry
        ? html`<button part="retry" type="button" @click=${this.retry}><slot name="retry">Retry</slot></button>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sse-status': SseStatus;
  }
}
