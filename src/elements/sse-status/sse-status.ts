import { html, nothing, type PropertyValues } from 'lit';
import { SseController } from '../../controllers/sse-controller.js';
import type { ConnectionStatus } from '../../store/types.js';
import { SseElement } from '../sse-element.js';
import { styles } from './sse-status.styles.js';

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting',
  paused: 'Paused',
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
 * @slot paused - Label while the connection rests because the page is hidden (`pause-when-hidden`).
 * @slot closed - Label once the connection is closed for good (no `src`, invalid URL, retries exhausted).
 * @slot retry - Text of the retry button.
 *
 * @csspart indicator - The coloured dot.
 * @csspart label - The state's label.
 * @csspart detail - "offline", "no data for N s" (with `stale-after`), "in N s (attempt K)" while waiting to retry, or the error message.
 * @csspart retry - The retry button.
 *
 * @cssprop --sse-status-open-color - Dot colour while open.
 * @cssprop --sse-status-connecting-color - Dot colour while connecting.
 * @cssprop --sse-status-reconnecting-color - Dot colour while reconnecting.
 * @cssprop --sse-status-paused-color - Dot colour while paused.
 * @cssprop --sse-status-closed-color - Dot colour while closed.
 * @cssprop --sse-status-indicator-size - Size of the dot.
 * @cssprop --sse-status-gap - Space between the parts.
 * @cssprop --sse-status-detail-color - Colour of the detail text.
 * @cssprop --sse-status-font - Font of the element.
 *
 * @fires sse-state-change - The connection changed state.
 * @fires sse-error - The connection failed; `detail.type` and `detail.message` say how.
 */
export class SseStatus extends SseElement {
  static override styles = styles;

  static override properties = {
    state: { reflect: true },
  };

  /** The connection's state, reflected for `sse-status[state=open]` selectors; set by the element. */
  declare state: ConnectionStatus;
  readonly #controller = new SseController(this);
  /** The time of this render, so every part of it reads the same clock. */
  #now = Date.now();
  /** The next re-render: when a number on screen changes next. */
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.state = 'closed';
    // A polite live region: state changes are announced without interrupting.
    this.attachInternals().role = 'status';
  }

  /** The connection's current state, as the controller last saw it. */
  get connection() {
    return this.#controller.connection;
  }

  /** Retries now, resetting the backoff. */
  retry(): void {
    this.#controller.reconnect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    const connection = this.#controller.connection;
    this.state = connection?.state ?? 'closed';
    this.#now = Date.now();
    // No clock of its own: the next render is due when a number on screen changes, counted from the
    // connection's own times, so "no data for 1 s" shows when the quiet time reaches it, not up to 1 s late.
    clearTimeout(this.#timer);
    const next = this.#nextChange();
    this.#timer = next === undefined ? undefined : setTimeout(() => this.requestUpdate(), next - this.#now);
  }

  /** When the detail's retry countdown or quiet time shows another number, if either is shown. */
  #nextChange(): number | undefined {
    const connection = this.#controller.connection;
    if (!connection) return undefined;
    const { state, error, lastEventAt, retryAt } = connection;
    const now = this.#now;
    const due: number[] = [];
    // "in N s" shows the whole seconds left, rounded up: it drops as the time left reaches N − 1 s. Not to
    // 0: at retryAt the retry itself changes the state (a render of ours then would flash "in 0 s").
    const left = retryAt === null ? 0 : Math.ceil((retryAt - now) / 1000);
    if (left > 1) due.push(retryAt! - (left - 1) * 1000);
    const staleAfter = this.#controller.options.staleAfter ?? 0;
    const stalled = error?.type === 'stalled';
    if (lastEventAt !== null && (stalled || (state === 'open' && staleAfter > 0))) {
      const quiet = now - lastEventAt;
      // Shown from half the window on, in whole seconds since the last event.
      due.push(lastEventAt + (!stalled && quiet < staleAfter / 2 ? staleAfter / 2 : (Math.floor(quiet / 1000) + 1) * 1000));
    }
    return due.length ? Math.min(...due) : undefined;
  }

  #detail(): string {
    const connection = this.#controller.connection;
    if (!connection) return this.#controller.src ? '' : 'No src';
    const { state, error, lastEventAt, retryAt } = connection;
    const parts: string[] = [];
    if (connection.offline) parts.push('offline');
    const staleAfter = this.#controller.options.staleAfter ?? 0;
    const quiet = lastEventAt === null ? 0 : this.#now - lastEventAt;
    if (error?.type === 'stalled' || (state === 'open' && staleAfter > 0 && quiet >= staleAfter / 2)) {
      parts.push(`no data for ${Math.floor(quiet / 1000)} s`);
    }
    if (retryAt !== null) {
      parts.push(`in ${Math.max(0, Math.ceil((retryAt - this.#now) / 1000))} s (attempt ${connection.attempt})`);
    } else if (state !== 'open' && error && error.type !== 'stalled') {
      parts.push(error.message);
    }
    return parts.join(' · ');
  }

  protected override render() {
    const detail = this.#detail();
    const connection = this.#controller.connection;
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
