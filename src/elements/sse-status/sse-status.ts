import { html, nothing, type PropertyValues } from 'lit';
import { SseController } from '../../controllers/sse-controller.js';
import type { ConnectionStatus } from '../../store/types.js';
import { SseElement } from '../sse-element.js';
import { styles } from './sse-status.styles.js';

/** What the element shows: a connection's state, or `done` for a one-shot stream that finished well. */
type Shown = ConnectionStatus | 'done';

const LABELS: Record<Shown, string> = {
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting',
  paused: 'Paused',
  closed: 'Disconnected',
  done: 'Done',
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
 * @slot closed - Label once the connection is closed for good (no `src`, invalid URL, retries exhausted, a refusal).
 * @slot done - Label once a one-shot stream (`once`, `end-on`) has finished: closed, with no error.
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
 * @cssprop --sse-status-done-color - Dot colour once a one-shot stream has finished (`done`).
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

  /**
   * The connection's state, reflected for `sse-status[state=open]` selectors; set by the element. A finished
   * one-shot stream is `closed`, and the element also has the `done` attribute (`sse-status[done]`).
   */
  declare state: ConnectionStatus;
  readonly #controller = new SseController(this);
  /** The time of this render, so every part of it reads the same clock. */
  #now = Date.now();
  /** When a number in the detail changes next (found as the detail is written), and the render then. */
  #due = Infinity;
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

  /** A one-shot stream that ended well: closed without an error (nothing else closes without one). */
  get #done(): boolean {
    const connection = this.#controller.connection;
    return connection?.state === 'closed' && !connection.error;
  }

  // In update(), not willUpdate(): the controller syncs in between (hostUpdate), and a src that went away
  // must not leave the old state on screen.
  protected override update(changed: PropertyValues<this>): void {
    const connection = this.#controller.connection;
    this.state = connection?.state ?? 'closed';
    this.toggleAttribute('done', this.#done);
    this.#now = Date.now();
    super.update(changed);
  }

  protected override updated(): void {
    // No clock of its own: the next render is when a number on screen changes, counted from the
    // connection's own times, so "no data for 1 s" shows when the quiet time reaches it, not up to 1 s late.
    clearTimeout(this.#timer);
    if (this.#due < Infinity) this.#timer = setTimeout(() => this.requestUpdate(), this.#due - Date.now());
  }

  #detail(): string {
    this.#due = Infinity;
    const connection = this.#controller.connection;
    if (!connection) return this.#controller.src ? '' : 'No src';
    const { state, error, lastEventAt, retryAt } = connection;
    const now = this.#now;
    const parts: string[] = [];
    if (connection.offline) parts.push('offline');
    const staleAfter = this.#controller.options.staleAfter ?? 0;
    const quiet = lastEventAt === null ? 0 : now - lastEventAt;
    const stalled = error?.type === 'stalled';
    if (stalled || (state === 'open' && staleAfter > 0)) {
      // From half the window on, the whole seconds since the last event: due as it appears, then each second.
      const shown = stalled || quiet >= staleAfter / 2;
      if (shown) parts.push(`no data for ${Math.floor(quiet / 1000)} s`);
      if (lastEventAt !== null) this.#due = lastEventAt + (shown ? (Math.floor(quiet / 1000) + 1) * 1000 : staleAfter / 2);
    }
    if (retryAt !== null) {
      const left = Math.ceil((retryAt - now) / 1000);
      parts.push(`in ${Math.max(0, left)} s (attempt ${connection.attempt})`);
      // Due as it drops a second, down to 1 s: at retryAt the retry re-renders (ours would flash "in 0 s").
      if (left > 1) this.#due = Math.min(this.#due, retryAt - (left - 1) * 1000);
    } else if (state !== 'open' && error && !stalled) {
      parts.push(error.message);
    }
    return parts.join(' · ');
  }

  protected override render() {
    const detail = this.#detail();
    const connection = this.#controller.connection;
    const shown: Shown = this.#done ? 'done' : this.state;
    // A finished answer is not retried from here: asking again is the page's business.
    const canRetry = connection !== undefined && shown !== 'done' && (this.state === 'closed' || connection.retryAt !== null);
    return html`<span part="indicator"></span>
      <span part="label"><slot name=${shown}>${LABELS[shown]}</slot></span>
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
