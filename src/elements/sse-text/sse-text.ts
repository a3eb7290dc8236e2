import { html, type PropertyValues } from 'lit';
import { SseController } from '../../controllers/sse-controller.js';
import { asFlag, eventNames } from '../../controllers/values.js';
import { SseMessageEvent } from '../../events/sse-message.js';
import type { StandardSchemaV1 } from '../../store/standard-schema.js';
import type { Kept } from '../../store/persist.js';
import type { ConnectionStatus, SseMessage } from '../../store/types.js';
import { asText, readPath } from '../data.js';
import { FrameDrawer } from '../frames.js';
import { keptFor } from '../kept.js';
import { SseElement } from '../sse-element.js';
import { styles } from './sse-text.styles.js';

/** States in which more text may still come: the text is marked busy for assistive technology. */
const STREAMING: ReadonlySet<ConnectionStatus> = new Set(['connecting', 'open', 'reconnecting']);

/**
 * @tagname sse-text
 * @summary One growing text from a stream: each message's value (its data, or a field of its JSON) is
 * appended, always as text, never as HTML. Made for streamed answers: `method="POST" once end-on="[DONE]"`.
 * With `persist`, the text so far is kept in the store's storage: after a reload it is back at once, and with
 * `resume-src` the rest of the answer comes from there (it is not asked again); a finished answer comes back done.
 *
 * @slot empty - Shown while there is no text yet.
 *
 * @csspart text - The text.
 * @csspart empty - The wrapper of the `empty` slot.
 *
 * @cssprop --sse-text-font - Font of the text.
 * @cssprop --sse-text-color - Colour of the text.
 * @cssprop --sse-text-white-space - How white space and line breaks show (default `pre-wrap`).
 *
 * The host has `role="log"` (a polite live region) and `aria-busy="true"` while more text may come, so
 * screen readers read the answer once it is complete; style a streaming answer with `sse-text[aria-busy=true]`.
 *
 * @fires sse-message - Each message the text receives; `detail` is the message.
 * @fires sse-error - A message that is not valid JSON (`parse`) or does not match its schema (`invalid`): it is skipped, `detail.data` keeps it; or a connection error.
 * @fires sse-state-change - The connection changed state.
 */
export class SseText extends SseElement {
  static override styles = styles;

  static override properties = {
    event: {},
    json: { type: Boolean, reflect: true },
    schema: { attribute: false },
    field: {},
  };

  /** Space-separated event names whose messages make the text. */
  declare event: string;
  /** Parse each message's data as JSON and append the value at `field`; the store parses it once for every holder. */
  declare json: boolean;
  /** A Standard Schema each message's JSON must match; one that does not is skipped. Implies `json`. */
  declare schema: StandardSchemaV1 | null | undefined;
  /** With decoded data (`json`, `schema`, a `stream`), the path of the piece in the value (`choices.0.delta.content`); empty: the whole value. */
  declare field: string;

  /** The text so far: `+=` builds a rope, so appending costs the piece, not the whole. */
  #text = '';
  /** Pieces not yet in the DOM: they go in once per frame, as one text node. */
  #pending = '';
  /** Puts the pending pieces in at most once per frame, the first after a pause at once. */
  readonly #frames = new FrameDrawer(() => this.#flush());
  #state: ConnectionStatus | undefined;
  /** What the text came from; when it changes, the text starts over. */
  #identity = '';
  /** With `persist`: where the text is kept (once the store's persistence has loaded). */
  #kept: Kept<string> | undefined;
  readonly #saved = () => this.#text;

  readonly #controller = new SseController(this, {
    events: () => eventNames(this.event),
    decoder: () => this.schema ?? (asFlag(this.json) ? 'json' : null),
    onMessage: (message) => this.#receive(message),
    onTargetChange: () => this.#restartIfNew(),
  });

  constructor() {
    super();
    this.event = 'message';
    this.json = false;
    this.field = '';
    // A polite live region (a log), `aria-busy` while the answer grows: screen readers read it once complete.
    this.attachInternals().role = 'log';
  }

  /** The text shown: every piece so far. */
  get text(): string {
    return this.#text;
  }

  /** The connection's current state, as the controller last saw it. */
  get connection() {
    return this.#controller.connection;
  }

  /** Asks again: for a `once` stream, the request is sent again and the text starts over. */
  reconnect(): void {
    this.#controller.reconnect();
  }

  /** Empties the text (with `persist`, in the storage too). */
  clear(): void {
    this.#kept?.remove();
    this.#reset();
  }

  #reset(): void {
    this.#text = '';
    this.#pending = '';
    this.renderRoot?.querySelector('[part=text]')?.replaceChildren();
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#frames.cancel();
    this.#flush();
  }

  #receive(message: SseMessage): void {
    const { value } = message;
    // Every name listened to has its decoder there.
    const decoded = this.#controller.events[message.type] != 'text';
    const piece = asText(decoded ? readPath(value, this.field ?? '') : value);
    if (piece) {
      // The first piece changes what is shown (no more empty slot); the rest only add text.
      if (!this.#text) this.requestUpdate();
      this.#text += piece;
      this.#pending += piece;
      this.#kept?.save(this.#saved);
      this.#frames.request();
    }
    this.dispatchEvent(new SseMessageEvent(message));
  }

  #flush(): void {
    const target = this.renderRoot?.querySelector('[part=text]');
    if (!target || !this.#pending) return;
    // A new text node per flush: appending to one node would copy the whole text every time.
    target.append(this.#pending);
    this.#pending = '';
  }

  /** A different stream, event list or way of reading the data starts the text over. */
  #restartIfNew(): void {
    const identity = `${this.#controller.signature} ${this.field}`;
    if (identity !== this.#identity) {
      this.#identity = identity;
      this.#kept = undefined;
      this.#reset();
      void this.#restore(identity);
    }
  }

  /** With `persist`: the text saved for `identity` comes back, ahead of any that came meanwhile. */
  async #restore(identity: string): Promise<void> {
    const kept = await keptFor(this.#controller, 'text', `text ${identity}`);
    if (!kept || identity !== this.#identity) return;
    this.#kept = kept;
    if (!kept.saved) return;
    const received = this.#text;
    this.#reset();
    this.#text = this.#pending = kept.saved + received;
    kept.save(this.#saved);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('field')) this.#restartIfNew();
  }

  // The connection's state as the controller has just synced it (hostUpdate runs after willUpdate).
  protected override update(changed: PropertyValues<this>): void {
    const state = this.#controller.connection?.state;
    // A one-shot answer asked again (reconnect()) goes back to connecting: a new answer, a new text.
    if (state === 'connecting' && this.#state && this.#state !== 'connecting' && this.#controller.options.once) this.clear();
    this.#state = state;
    // On the host, not in ElementInternals: pages can style `sse-text[aria-busy=true]` (a cursor, say).
    this.setAttribute('aria-busy', String(state !== undefined && STREAMING.has(state)));
    super.update(changed);
  }

  protected override render() {
    const empty = !this.#text;
    return html`<div part="empty" ?hidden=${!empty}><slot name="empty"></slot></div>
      <div part="text" ?hidden=${empty}></div>`;
  }

  protected override updated(): void {
    // Pieces that came before the first render (or a reset) go in now.
    this.#flush();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sse-text': SseText;
  }
}
