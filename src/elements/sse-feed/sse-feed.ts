import { html, nothing, render, type PropertyValues, type TemplateResult } from 'lit';
import { SseController } from '../../controllers/sse-controller.js';
import { asFlag, asNumber, eventNames } from '../../controllers/values.js';
import { SseErrorEvent } from '../../events/sse-error.js';
import { SseMessageEvent } from '../../events/sse-message.js';
import { messageOf } from '../../store/errors.js';
import type { StandardSchemaV1 } from '../../store/standard-schema.js';
import type { Kept } from '../../store/persist.js';
import type { SseMessage } from '../../store/types.js';
import { asText, readPath } from '../data.js';
import { FrameDrawer } from '../frames.js';
import { keptFor } from '../kept.js';
import { SseElement } from '../sse-element.js';
import { styles } from './sse-feed.styles.js';

/** One message as the feed holds it. */
export interface SseFeedItem {
  message: SseMessage;
  /** The message's value: its schema's output, the parsed JSON with `json`, else the data string. */
  value: unknown;
}

/** Renders one item with Lit; its result is rendered as a Lit template, text stays text. */
export type SseFeedRenderItem = (item: SseFeedItem) => TemplateResult | string | Node | typeof nothing;

interface Entry extends SseFeedItem {
  id: number;
  /** The item's element, made on its first render (a burst's overwritten items never cost a clone). */
  node?: HTMLElement;
}

let nextId = 0;

/**
 * @tagname sse-feed
 * @summary A live list of server-sent events, rendered as text (never as HTML), newest last. With `persist`,
 * the items shown are kept in the store's storage: after a reload they are back at once, and the stream goes
 * on from the last id.
 *
 * @slot - A `<template>` to clone for each item; elements with `data-field="a.b"` get that path's value as text.
 * @slot empty - Shown while the feed has no items.
 *
 * @csspart list - The list container (`role="log"` is on the host).
 * @csspart item - Each item.
 * @csspart empty - The wrapper of the `empty` slot.
 *
 * @cssprop --sse-feed-gap - Space between items.
 * @cssprop --sse-feed-max-height - Height past which the list scrolls.
 * @cssprop --sse-feed-item-padding - Padding of each item.
 * @cssprop --sse-feed-item-border - Border below each item.
 * @cssprop --sse-feed-font - Font of the feed.
 * @cssprop --sse-feed-color - Text colour of the feed.
 *
 * @fires sse-message - Each message the feed receives; `detail` is the message.
 * @fires sse-error - A message that is not valid JSON (`parse`) or does not match its schema (`invalid`; it is skipped, `detail.data` keeps it), a `renderItem` that threw (`render`), or a connection error.
 * @fires sse-state-change - The connection changed state.
 */
export class SseFeed extends SseElement {
  static override styles = styles;

  static override properties = {
    event: {},
    max: { type: Number },
    json: { type: Boolean, reflect: true },
    schema: { attribute: false },
    renderItem: { attribute: false },
  };

  /** Space-separated event names to show. */
  declare event: string;
  /** Most items kept; older ones are dropped from the DOM and from memory. */
  declare max: number;
  /** Parse each message's data as JSON (for a `<template>` or `renderItem`); the store parses it once for every feed. */
  declare json: boolean;
  /** A Standard Schema (zod, valibot, arktype, …) each message's JSON must match; one that does not is skipped. Implies `json`. */
  declare schema: StandardSchemaV1 | null | undefined;
  /** Renders an item with Lit instead of as text or through the `<template>`. */
  declare renderItem: SseFeedRenderItem | null;

  readonly #internals: ElementInternals;
  /** The newest `max` entries as a ring: once full, each message overwrites the oldest in O(1). */
  #ring: Entry[] = [];
  /** The ring's oldest slot once it is full (0 until then). */
  #head = 0;
  /** Draws what arrived at most once per frame, the first message after a quiet spell at once. */
  readonly #frames = new FrameDrawer(() => this.#draw());
  /** The entries whose items are in the list, oldest first. */
  #shown: Entry[] = [];
  /** Items must all be made again (a new `renderItem`). */
  #stale = false;
  /** The list element, once rendered. */
  #list: HTMLElement | null = null;
  /** What the items came from; when it changes, they are cleared. */
  #identity = '';
  /** With `persist`: where the items are kept (once the store's persistence has loaded). */
  #kept: Kept<SseMessage[]> | undefined;
  /** What the record holds: the messages of the items, oldest first. */
  readonly #saved = () => this.#entries().map((entry) => entry.message);

  readonly #controller = new SseController(this, {
    events: () => eventNames(this.event),
    decoder: () => this.schema ?? (asFlag(this.json) ? 'json' : null),
    onMessage: (message) => this.#receive(message),
    // The list does not show the connection's state; <sse-status> does.
    updateOnChange: false,
    onTargetChange: () => this.#restartIfNew(),
  });

  constructor() {
    super();
    this.event = 'message';
    this.max = 100;
    this.json = false;
    this.renderItem = null;
    this.#internals = this.attachInternals();
    // An ARIA live log: screen readers announce new items without moving focus.
    this.#internals.role = 'log';
  }

  /** The items shown, oldest first. */
  get items(): readonly SseFeedItem[] {
    return this.#entries().map(({ message, value }) => ({ message, value }));
  }

  /** The connection's current state, as the controller last saw it. */
  get connection() {
    return this.#controller.connection;
  }

  /** Removes every item (with `persist`, from the storage too). */
  clear(): void {
    this.#ring = [];
    this.#head = 0;
    this.#kept?.remove();
    this.#draw();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#frames.cancel();
  }

  /** The entries, oldest first. */
  #entries(): Entry[] {
    const ring = this.#ring;
    const head = this.#head;
    return head === 0 ? ring : [...ring.slice(head), ...ring.slice(0, head)];
  }

  /**
   * Brings the list in line with the ring, by hand: Lit renders the two parts once, and items only ever
   * leave from the front (the oldest) and arrive at the end, so a drawing touches only what changed.
   */
  #draw(): void {
    const list = (this.#list ??= this.renderRoot?.querySelector<HTMLElement>('[part=list]') ?? null);
    if (!list) return;
    const entries = this.#entries();
    // Ids only grow: what is older than the oldest entry left the ring, or belongs to a feed that restarted.
    const oldest = this.#stale ? Infinity : (entries[0]?.id ?? Infinity);
    for (const entry of this.#shown) if (entry.id < oldest) entry.node?.remove();
    if (this.#stale) for (const entry of entries) entry.node = undefined;
    this.#stale = false;
    const newest = entries.length && this.#shown.length && this.#shown[this.#shown.length - 1].id >= oldest ? this.#shown[this.#shown.length - 1].id : -1;
    const template = this.renderItem ? null : this.querySelector<HTMLTemplateElement>(':scope > template');
    for (const entry of entries) if (entry.id > newest) list.append((entry.node ??= this.#item(entry, template)));
    this.#shown = entries === this.#ring ? [...entries] : entries;
    list.hidden = entries.length === 0;
    (list.previousElementSibling as HTMLElement).hidden = entries.length > 0;
  }

  #capacity(): number {
    // A framework may set `max` as the string it found in the markup ("3").
    const max = asNumber(this.max);
    return Math.max(0, max !== undefined && Number.isFinite(max) ? Math.floor(max) : 100);
  }

  #receive(message: SseMessage): void {
    this.#add(message);
    this.#kept?.save(this.#saved);
    this.#frames.request();
    this.dispatchEvent(new SseMessageEvent(message));
  }

  #add(message: SseMessage): void {
    const entry: Entry = { id: nextId++, message, value: message.value };
    const capacity = this.#capacity();
    if (this.#ring.length < capacity) {
      this.#ring.push(entry);
    } else if (capacity > 0) {
      this.#ring[this.#head] = entry;
      this.#head = (this.#head + 1) % capacity;
    }
  }

  /** With `persist`: the items saved for `identity` come back, ahead of any that came meanwhile (the connection drops repeats). */
  async #restore(identity: string): Promise<void> {
    const kept = await keptFor(this.#controller, 'messages', `feed ${identity}`);
    if (!kept || identity !== this.#identity) return;
    this.#kept = kept;
    const messages = [...(kept.saved ?? []), ...this.#saved()];
    this.#ring = [];
    this.#head = 0;
    // As they were shown: the same messages with the values they had (decoded, and accepted, then; a value
    // comes back as JSON kept it, so a schema's Date output comes back as its string).
    for (const message of messages) this.#add(message);
    this.#stale = true;
    this.#draw();
  }

  /**
   * An item's element, made once, by hand rather than as a Lit template per item: the first item costs no
   * template preparation, and a burst's items cost a clone or a text node each.
   */
  #item(entry: Entry, template: HTMLTemplateElement | null): HTMLElement {
    const item = document.createElement('div');
    item.setAttribute('part', 'item');
    if (this.renderItem) {
      let view: unknown;
      try {
        view = this.renderItem({ message: entry.message, value: entry.value });
      } catch (error) {
        const reason = `renderItem threw: ${messageOf(error)}`;
        this.dispatchEvent(new SseErrorEvent({ type: 'render', message: reason, data: entry.message.data }));
        view = entry.message.data;
      }
      // Lit renders what renderItem made: a template, or text and nodes, never a string as markup.
      render(view, item, { host: this });
    } else if (template) {
      // React and Vue put a <template>'s children on the element itself, not in its content.
      const source = template.content.hasChildNodes() ? template.content : template;
      const fragment = document.createDocumentFragment();
      for (const node of source.childNodes) fragment.append(node.cloneNode(true));
      for (const field of fragment.querySelectorAll('[data-field]')) {
        // textContent, never innerHTML: data is text whatever it contains.
        field.textContent = asText(readPath(entry.value, field.getAttribute('data-field') ?? ''));
      }
      item.append(fragment);
    } else {
      item.append(entry.message.data);
    }
    return item;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('max')) {
      const capacity = this.#capacity();
      this.#ring = capacity > 0 ? this.#entries().slice(-capacity) : [];
      this.#head = 0;
      this.#kept?.save(this.#saved);
    }
    if (changed.has('renderItem')) this.#stale = true;
  }

  /** A different stream (own src, stream or an <sse-source>'s), event list or decoding starts a new feed. */
  #restartIfNew(): void {
    const identity = this.#controller.signature;
    if (identity !== this.#identity) {
      this.#ring = [];
      this.#head = 0;
      this.#identity = identity;
      this.#kept = undefined;
      void this.#restore(identity);
    }
  }

  protected override render() {
    // Rendered once; the items are drawn by hand (#draw).
    return html`<div part="empty"><slot name="empty"></slot></div><div part="list" hidden></div>`;
  }

  protected override updated(): void {
    this.#draw();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sse-feed': SseFeed;
  }
}
