import { adoptStyles, html, LitElement, nothing, render, type PropertyValues, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import { sseStore, type SseStore } from '../../store/store.js';
import { count, errorText, shortUrl } from '../format.js';
import { IdleDrawer } from '../idle-drawer.js';
import { Inspector, type InspectedConnection } from '../inspector.js';
import { summarize } from '../rate-counter.js';
import { reportOf, type DevtoolsReport } from '../report.js';
import { phaseOf } from '../state-history.js';
import { MessageList } from './message-list.js';
import { rehearsalConnection } from './rehearsal.js';
import { sparkline } from './sparkline.js';
import { styles } from './sse-devtools.styles.js';
import { timeline } from './timeline.js';

/** What `sse-devtools-copy` carries: the report as JSON text, and whether the clipboard took it. */
export interface SseDevtoolsCopyDetail {
  key: string;
  text: string;
  /** False where the clipboard refused (no permission, no user gesture): the report is then shown, selected. */
  copied: boolean;
}

/** Fired when a connection's report was made for the clipboard (`Copy`). */
export class SseDevtoolsCopyEvent extends CustomEvent<SseDevtoolsCopyDetail> {
  static readonly eventName = 'sse-devtools-copy';
  constructor(detail: SseDevtoolsCopyDetail) {
    super(SseDevtoolsCopyEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

/** The docked panel's height bounds, px, and how far one key press moves it. */
const MIN_HEIGHT = 120;
const KEY_STEP = 24;
/**
 * Rows of the message list while messages come in: about what the panel shows, and no one reads more at
 * that speed; at 2,000 messages/s a list of all 300 would be made again at every drawing. Paused, the
 * list shows every message kept.
 */
const LIVE_ROWS = 30;
/**
 * The least time between two drawings for new messages, ms (once a second; at once after a quiet second):
 * a state change is drawn as soon as the page is idle, but counts and rows that change faster than a person
 * reads cost the page a frame at each drawing. The bench's steady 2,000 messages/s took one frame step at
 * its 95th percentile with five drawings a second, and none with one.
 */
const MESSAGE_INTERVAL = 1000;

/** What a key says beyond its URL (`shared`, a fetch request's method, header names and body), short. */
const keyDetail = (key: string, url: string) => key.replace(url, '…').replace(/\s+/g, ' ');

/**
 * @tagname sse-devtools
 * @summary An inspector for sse-kit's store: every connection's state, a timeline of its states, its
 * message rate, and its recent messages (always as text), with reconnect and a JSON report to copy.
 *
 * Docked at the bottom of the window by default (resizable), or in the page's flow with `inline`. Without
 * `open`, it is a small toggle button. It watches the store only while it is in the document.
 *
 * @csspart toggle - The button that opens the panel (shown while it is not `open`).
 * @csspart panel - The open panel (`role="region"`, named "sse-kit devtools").
 * @csspart resize - The docked panel's top edge (`role="separator"`): drag it, or focus it and use the arrow keys.
 * @csspart header - The panel's title bar.
 * @csspart button - Every button of the panel.
 * @csspart table - The connections table.
 * @csspart row - A connection's row; `data-phase` says what it is doing.
 * @csspart state - A connection's state, with a dot of its phase's colour.
 * @csspart timeline - A connection's states over the window (`timeline-seconds`), as a list of stretches.
 * @csspart segment - One stretch of a timeline; `data-phase` is `connecting`, `open`, `reconnecting`, `waiting`, `paused`, `closed` or `released`.
 * @csspart error-mark - The mark of a change that came with an error.
 * @csspart sparkline - A connection's messages per second over the last minute.
 * @csspart messages - The selected connection's messages: filters, pause, clear and the list.
 * @csspart message-table - The list of messages, newest first.
 * @csspart data - A message's data (JSON pretty-printed), as text.
 * @csspart report - The report to copy by hand, shown where the clipboard refused.
 *
 * @cssprop --sse-devtools-background - Panel background.
 * @cssprop --sse-devtools-color - Text colour.
 * @cssprop --sse-devtools-muted-color - Secondary text colour.
 * @cssprop --sse-devtools-border-color - Lines and borders.
 * @cssprop --sse-devtools-accent-color - Buttons, focus rings and the rate line.
 * @cssprop --sse-devtools-font - Font of the panel.
 * @cssprop --sse-devtools-mono-font - Font of ids, sizes and data.
 * @cssprop --sse-devtools-height - Height of the panel (docked: until it is resized; inline: its height).
 * @cssprop --sse-devtools-z-index - Stacking of the docked panel and its toggle.
 * @cssprop --sse-devtools-open-color - Timeline colour while open.
 * @cssprop --sse-devtools-connecting-color - Timeline colour while connecting.
 * @cssprop --sse-devtools-reconnecting-color - Timeline colour while reconnecting.
 * @cssprop --sse-devtools-waiting-color - Timeline colour while waiting for a scheduled retry (backoff, `Retry-After`).
 * @cssprop --sse-devtools-paused-color - Timeline colour while paused (hidden page).
 * @cssprop --sse-devtools-closed-color - Timeline colour while closed, and the mark of an error.
 * @cssprop --sse-devtools-released-color - Timeline colour once the store let go of the connection.
 *
 * @fires sse-devtools-copy - A connection's report was made for the clipboard; `detail` has the JSON text and whether it was copied.
 */
export class SseDevtools extends LitElement {
  static override styles = styles;

  static override properties = {
    open: { type: Boolean, reflect: true },
    inline: { type: Boolean, reflect: true },
    theme: { reflect: true },
    paused: { type: Boolean, reflect: true },
    selected: {},
    store: { attribute: false },
    maxMessages: { type: Number, attribute: 'max-messages' },
    timelineSeconds: { type: Number, attribute: 'timeline-seconds' },
  };

  /** Shows the panel expanded; without it, a toggle button opens it. Reflected. */
  declare open: boolean;
  /** In the page's flow instead of docked at the bottom of the window. */
  declare inline: boolean;
  /** `light` or `dark` forces a theme; unset, it follows the system's. */
  declare theme: 'light' | 'dark' | null;
  /** Messages are counted but not kept while paused (the list holds still). Reflected. */
  declare paused: boolean;
  /** The key of the connection whose messages are listed; unset (or gone), the first one's. */
  declare selected: string | null;
  /** The store to inspect; the page's `sseStore` by default. */
  declare store: SseStore;
  /** Messages kept per connection (default 300); data is kept up to 16 KB a message. */
  declare maxMessages: number;
  /** How far back the timelines go, in seconds (default 300). */
  declare timelineSeconds: number;

  #inspector: Inspector | undefined;
  /** The selected connection's message list, drawn by hand. */
  #list: MessageList | undefined;
  /** Draws in the page's idle time, however often the store writes or messages arrive. */
  readonly #drawer = new IdleDrawer(() => this.requestUpdate());
  /** While open: the times on screen (next retry, the timelines, the rate) move on each second. */
  #ticker: ReturnType<typeof setInterval> | undefined;
  #eventFilter = '';
  #textFilter = '';
  /** The docked panel's height once resized, px. */
  #height: number | null = null;
  /** The panel's height as laid out, for the separator's value (read by an observer, never during a render). */
  #panelHeight = 0;
  #observed: Element | null = null;
  readonly #sizes = new ResizeObserver((entries) => {
    const entry = entries[entries.length - 1];
    const height = Math.round(entry.borderBoxSize?.[0]?.blockSize ?? entry.contentRect.height);
    if (height === this.#panelHeight) return;
    this.#panelHeight = height;
    this.requestUpdate();
  });
  /** What `Copy` last said, for the live region. */
  #notice = '';
  /** The report to copy by hand, where the clipboard refused. */
  #fallback: { key: string; text: string } | null = null;
  /** Focus follows the toggle into and out of the panel, when the person was on it. */
  #focusAfterToggle: 'collapse' | 'toggle' | null = null;
  /** The panel has drawn its rehearsal (`#rehearse`). */
  #rehearsed = false;

  constructor() {
    super();
    this.open = false;
    this.inline = false;
    this.theme = null;
    this.paused = false;
    this.selected = null;
    this.store = sseStore;
    this.maxMessages = 300;
    this.timelineSeconds = 300;
  }

  /** The connections inspected, held ones first (each with its state, history, messages and rate). */
  get connections(): readonly InspectedConnection[] {
    return this.#inspector?.connections() ?? [];
  }

  /** Tries `key`'s connection again now, resetting its backoff (any tab, for a `shared` one). */
  reconnect(key: string): void {
    this.store.getState().reconnectKey(key);
  }

  /** Empties a connection's message list, or every list. */
  clear(key?: string): void {
    for (const connection of this.connections) if (key === undefined || connection.key === key) this.#inspector?.clear(connection.key);
  }

  /** A connection's state, recent changes and messages, for a bug report; undefined for a key not seen. */
  report(key: string): DevtoolsReport | undefined {
    const connection = this.#inspector?.get(key);
    return connection && reportOf(connection, Date.now());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#inspect();
    // Moved in the page (disconnected, then connected): its ticker stopped with it.
    if (this.hasUpdated) this.#tick(this.open);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#inspector?.detach();
    this.#drawer.cancel();
    this.#tick(false);
    this.#sizes.disconnect();
    this.#observed = null;
  }

  /** Watches the store with a new inspector when what it records changed (or the first time). */
  #inspect(): void {
    const windowMs = Math.max(10, Number(this.timelineSeconds) || 300) * 1000;
    const maxMessages = Math.max(1, Number(this.maxMessages) || 300);
    const current = this.#inspector;
    if (current?.store === this.store && current.options.windowMs === windowMs && current.options.maxMessages === maxMessages) {
      current.attach();
      return;
    }
    current?.detach();
    this.#inspector = new Inspector(this.store, {
      windowMs,
      maxMessages,
      onChange: (what) => {
        if (what === 'state') this.#drawer.request();
        // Collapsed, only the toggle shows: a message changes nothing there.
        else if (this.open) this.#drawer.request(MESSAGE_INTERVAL);
      },
    });
    this.#inspector.paused = this.paused;
    if (this.isConnected) this.#inspector.attach();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('store') || changed.has('maxMessages') || changed.has('timelineSeconds')) this.#inspect();
    if (changed.has('paused') && this.#inspector) this.#inspector.paused = this.paused;
    if (changed.has('open')) this.#tick(this.open);
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.#drawer.drawn();
    this.#drawMessages();
    if (this.open && !this.#rehearsed) this.#rehearse();
    const panel = this.inline ? null : this.renderRoot.querySelector('[part=panel]');
    if (panel !== this.#observed) {
      if (this.#observed) this.#sizes.unobserve(this.#observed);
      if (panel) this.#sizes.observe(panel);
      this.#observed = panel;
    }
    if (!changed.has('open') || !this.#focusAfterToggle) return;
    const target = this.#focusAfterToggle === 'collapse' ? '[data-action=collapse]' : '[part~=toggle]';
    this.#focusAfterToggle = null;
    this.renderRoot.querySelector<HTMLElement>(target)?.focus();
  }

  /**
   * Draws a made-up connection once, out of sight, as the panel first opens. A connection's first drawing
   * runs what the page has not run yet (Lit's row and message templates, the styles, layout and paint of a
   * row, the form controls and the monospace font), and in the first frames of a stream, where the page
   * is busiest, the rendering of that frame became a long task (51 to 64 ms in the bench). Rehearsed, that
   * cost comes with the opening instead. The rehearsal has a shadow root of its own, so no query of the
   * panel finds it; it is inert, hidden from assistive technology, all but transparent (painted, which a
   * `visibility: hidden` box is not), and removed two frames later.
   */
  #rehearse(): void {
    this.#rehearsed = true;
    const now = Date.now();
    const stage = this.renderRoot.appendChild(document.createElement('div'));
    stage.className = 'rehearsal';
    stage.inert = true;
    stage.setAttribute('aria-hidden', 'true');
    const root = stage.attachShadow({ mode: 'open' });
    adoptStyles(root, [styles]);
    const connection = rehearsalConnection(now);
    render(html`<table part="table"><tbody>${this.#row(connection, true, now)}</tbody></table>${this.#messages(connection)}`, root);
    new MessageList(root.querySelector<HTMLElement>('.rows')!).draw(connection.messages, { key: '', limit: 1, accepts: () => true });
    requestAnimationFrame(() => requestAnimationFrame(() => stage.remove()));
  }

  #tick(on: boolean): void {
    clearInterval(this.#ticker);
    // The times on screen move on each second, unless a drawing for messages has just moved them.
    this.#ticker = on && this.isConnected ? setInterval(() => this.#drawer.request(1000), 1000) : undefined;
  }

  #setOpen(open: boolean): void {
    const focused = this.shadowRoot?.activeElement !== null && this.shadowRoot?.activeElement !== undefined;
    this.#focusAfterToggle = focused ? (open ? 'collapse' : 'toggle') : null;
    this.open = open;
  }

  /** The connection whose messages are listed. */
  #selection(connections: readonly InspectedConnection[]): InspectedConnection | undefined {
    return connections.find((connection) => connection.key === this.selected) ?? connections[0];
  }

  protected override render() {
    const connections = this.connections;
    const held = connections.filter((connection) => connection.held);
    if (!this.open) {
      const failing = held.some(({ state }) => state.error !== null && state.state !== 'open');
      const said = ` connection${held.length === 1 ? '' : 's'}${failing ? ', failing' : ''}`;
      return html`<button
        part="toggle button"
        type="button"
        aria-expanded="false"
        data-health=${failing ? 'failing' : 'ok'}
        @click=${() => this.#setOpen(true)}
      >
        <span class="dot" aria-hidden="true"></span>SSE devtools
        <span class="badge">${held.length}<span class="visually-hidden">${said}</span></span>
      </button>`;
    }
    const now = Date.now();
    const selection = this.#selection(connections);
    const open = held.filter(({ state }) => state.state === 'open').length;
    const resized = this.#height === null || this.inline ? {} : { blockSize: `${this.#height}px` };
    return html`<section part="panel" aria-label="sse-kit devtools" style=${styleMap(resized)}>
      ${this.inline ? nothing : this.#resizer()}
      <header part="header">
        <h2>sse-kit devtools</h2>
        <span class="summary">${count(held.length)} connection${held.length === 1 ? '' : 's'}, ${count(open)} open</span>
        <button part="button" type="button" data-action="collapse" aria-expanded="true" @click=${() => this.#setOpen(false)}>Collapse</button>
      </header>
      <div class="body">
        <div class="connections">
          <table part="table">
            <caption class="visually-hidden">Connections</caption>
            <thead>
              <tr>
                <th scope="col">Connection</th>
                <th scope="col">Transport</th>
                <th scope="col">Role</th>
                <th scope="col">State</th>
                <th scope="col">Holders</th>
                <th scope="col">Attempt</th>
                <th scope="col">Next retry</th>
                <th scope="col">Error</th>
                <th scope="col">Last id</th>
                <th scope="col">Messages</th>
                <th scope="col">Rejected</th>
                <th scope="col">Rate</th>
                <th scope="col">Timeline</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              ${repeat(connections, (connection) => connection.key, (connection) => this.#row(connection, connection === selection, now))}
            </tbody>
          </table>
          ${connections.length ? nothing : html`<p class="empty">No connections yet: they show here as soon as something holds one.</p>`}
        </div>
        <p class="notice" role="status">${this.#notice}</p>
        ${this.#fallback ? this.#report(this.#fallback) : nothing}
        ${selection ? this.#messages(selection) : nothing}
      </div>
    </section>`;
  }

  #row(connection: InspectedConnection, selected: boolean, now: number): TemplateResult {
    const { key, state, held } = connection;
    const phase = held ? phaseOf(state) : 'released';
    // Times on screen move by the second (the ticker), or with a change: between two, a drawing changes
    // only the counts, and the timeline's stretches keep their places.
    const shownAt = Math.max(Math.floor(now / 1000) * 1000, connection.history.last?.at ?? 0);
    const series = connection.rate.series(shownAt);
    const rate = summarize(series);
    const retry = state.retryAt === null ? '—' : `in ${Math.max(0, Math.ceil((state.retryAt - now) / 1000))} s`;
    return html`<tr part="row" class=${selected ? 'selected' : ''} data-key=${key} data-phase=${phase}>
      <th scope="row" class="key">
        <span class="url" title=${key}>${shortUrl(state.url)}</span>
        ${key === state.url ? nothing : html`<span class="detail">${keyDetail(key, state.url)}</span>`}
      </th>
      <td data-column="transport">${state.transport}</td>
      <td data-column="role">${state.role}</td>
      <td data-column="state">
        <span part="state" data-phase=${phase}>
          <span class="dot" aria-hidden="true"></span>${held ? state.state : 'released'}${state.offline ? ' (offline)' : ''}
        </span>
      </td>
      <td data-column="holders" class="number">${held ? state.refCount : 0}</td>
      <td data-column="attempt" class="number">${state.attempt}</td>
      <td data-column="retry">${retry}</td>
      <td data-column="error" class="error" title=${state.error ? errorText(state.error) : ''}>${state.error ? errorText(state.error) : ''}</td>
      <td data-column="last-id" class="mono">${state.lastEventId || '—'}</td>
      <td data-column="messages" class="number">${count(state.messageCount)}</td>
      <td data-column="rejected" class="number">${count(connection.state.rejected)}</td>
      <td data-column="rate" class="rate">${sparkline(series, rate)}<span class="number">${count(rate.now)}/s</span></td>
      <td data-column="timeline">${timeline(connection.history, shownAt)}</td>
      <td data-column="actions" class="actions">
        ${held
          ? html`<button part="button" type="button" data-action="reconnect" @click=${() => this.reconnect(key)}>
              Reconnect<span class="visually-hidden"> ${shortUrl(state.url)}</span>
            </button>`
          : nothing}
        <button part="button" type="button" data-action="copy" @click=${() => void this.#copy(key)}>
          Copy<span class="visually-hidden"> the report of ${shortUrl(state.url)}</span>
        </button>
        <button part="button" type="button" data-action="select" aria-pressed=${selected ? 'true' : 'false'} @click=${() => (this.selected = key)}>
          Messages<span class="visually-hidden"> of ${shortUrl(state.url)}</span>
        </button>
      </td>
    </tr>`;
  }

  #messages(connection: InspectedConnection): TemplateResult {
    const names = new Set(connection.messages.toArray().map((message) => message.type));
    if (this.#eventFilter) names.add(this.#eventFilter);
    // The rows and the count are drawn by hand after Lit's update (#drawMessages): Lit leaves them alone.
    return html`<section part="messages" aria-labelledby="messages-title">
      <div class="filters">
        <h3 id="messages-title">Messages of <span class="url" title=${connection.key}>${shortUrl(connection.state.url)}</span></h3>
        <label>Event
          <select @change=${(event: Event) => this.#filter('event', (event.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${!this.#eventFilter}>all</option>
            ${[...names].sort().map((name) => html`<option value=${name} ?selected=${name === this.#eventFilter}>${name}</option>`)}
          </select>
        </label>
        <label>Text
          <input type="search" .value=${live(this.#textFilter)} @input=${(event: Event) => this.#filter('text', (event.target as HTMLInputElement).value)} />
        </label>
        <button
          part="button"
          type="button"
          data-action="pause"
          aria-pressed=${this.paused ? 'true' : 'false'}
          @click=${() => (this.paused = !this.paused)}
        >
          Pause
        </button>
        <button part="button" type="button" data-action="clear" @click=${() => this.clear(connection.key)}>Clear</button>
        <span class="count"></span>
      </div>
      <div class="message-list" tabindex="0" role="region" aria-label="Message list">
        <div part="message-table" role="table" aria-label="Messages, newest first">
          <div role="rowgroup" class="head">
            <div role="row" class="message">
              ${['Time', 'Event', 'Id', 'Size', 'Data'].map((name) => html`<span role="columnheader">${name}</span>`)}
            </div>
          </div>
          <div role="rowgroup" class="rows"></div>
        </div>
      </div>
    </section>`;
  }

  /** Brings the message list and its count in line with the selected connection's buffer. */
  #drawMessages(): void {
    const body = this.renderRoot.querySelector<HTMLElement>('[part=message-table] .rows');
    const selection = this.#selection(this.connections);
    if (!body || !selection) {
      this.#list = undefined;
      return;
    }
    const event = this.#eventFilter;
    const text = this.#textFilter.toLowerCase();
    if (this.#list?.body !== body) this.#list = new MessageList(body);
    this.#list.draw(selection.messages, {
      key: `${event}\n${text}`,
      // While messages come, the newest; paused, everything kept, to read at leisure.
      limit: this.paused ? Infinity : LIVE_ROWS,
      accepts: (message) =>
        (!event || message.type === event) &&
        (!text || message.data.toLowerCase().includes(text) || message.id.toLowerCase().includes(text)),
    });
    const skipped = selection.skipped ? `, ${count(selection.skipped)} skipped while paused` : '';
    this.renderRoot.querySelector('.count')!.textContent = `${count(this.#list.size)} shown of ${count(selection.messages.size)} kept${skipped}`;
  }

  #filter(which: 'event' | 'text', value: string): void {
    if (which === 'event') this.#eventFilter = value;
    else this.#textFilter = value;
    this.requestUpdate();
  }

  async #copy(key: string): Promise<void> {
    const report = this.report(key);
    if (!report) return;
    const text = JSON.stringify(report, null, 2);
    let copied = false;
    try {
      await navigator.clipboard.writeText(text);
      copied = true;
    } catch {
      // No clipboard, no permission or no user gesture: the report is shown, selected, to copy by hand.
    }
    this.#fallback = copied ? null : { key, text };
    const url = report.connection.url;
    this.#notice = copied ? `Copied the report of ${url}.` : `The clipboard refused: the report of ${url} is below, selected.`;
    this.requestUpdate();
    this.dispatchEvent(new SseDevtoolsCopyEvent({ key, text, copied }));
    if (copied) return;
    await this.updateComplete;
    const area = this.renderRoot.querySelector<HTMLTextAreaElement>('[part=report] textarea');
    area?.focus();
    area?.select();
  }

  #report({ text }: { key: string; text: string }): TemplateResult {
    return html`<div part="report">
      <label>Report (JSON)<textarea readonly rows="6" .value=${text}></textarea></label>
      <button part="button" type="button" data-action="dismiss" @click=${() => ((this.#fallback = null), this.requestUpdate())}>Done</button>
    </div>`;
  }

  #resizer(): TemplateResult {
    const max = Math.max(MIN_HEIGHT, window.innerHeight - 40);
    const height = this.#height ?? this.#panelHeight;
    return html`<div
      part="resize"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Panel height"
      aria-valuemin=${MIN_HEIGHT}
      aria-valuemax=${max}
      aria-valuenow=${height}
      tabindex="0"
      @keydown=${(event: KeyboardEvent) => this.#resizeByKey(event, height, max)}
      @pointerdown=${this.#startResize}
    ></div>`;
  }

  #resizeTo(height: number): void {
    this.#height = Math.round(Math.min(Math.max(MIN_HEIGHT, window.innerHeight - 40), Math.max(MIN_HEIGHT, height)));
    this.requestUpdate();
  }

  #resizeByKey(event: KeyboardEvent, height: number, max: number): void {
    const heights: Record<string, number> = {
      ArrowUp: height + KEY_STEP,
      ArrowDown: height - KEY_STEP,
      PageUp: height + KEY_STEP * 4,
      PageDown: height - KEY_STEP * 4,
      Home: MIN_HEIGHT,
      End: max,
    };
    const to = heights[event.key];
    if (to === undefined) return;
    event.preventDefault();
    this.#resizeTo(to);
  }

  readonly #startResize = (event: PointerEvent): void => {
    const handle = event.currentTarget as HTMLElement;
    handle.setPointerCapture(event.pointerId);
    const move = (moved: PointerEvent) => this.#resizeTo(window.innerHeight - moved.clientY);
    const end = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', end);
      handle.removeEventListener('pointercancel', end);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', end);
    handle.addEventListener('pointercancel', end);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'sse-devtools': SseDevtools;
  }
  interface HTMLElementEventMap {
    'sse-devtools-copy': SseDevtoolsCopyEvent;
  }
}
