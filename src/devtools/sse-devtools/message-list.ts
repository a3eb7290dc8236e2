import { byteSize, clockTime, errorText, prettyData } from '../format.js';
import type { MessageBuffer, RecordedMessage } from '../message-buffer.js';

/** Which messages a list shows; `key` names the filter, so the list knows when it changed. */
export interface MessageFilter {
  key: string;
  accepts(message: RecordedMessage): boolean;
  /** The most rows shown: the newest ones that pass. */
  limit: number;
}

/** A cell of a message's row, its text set as text. */
function cell(row: HTMLElement, text: string, column?: string): HTMLElement {
  const element = row.appendChild(document.createElement('div'));
  element.setAttribute('role', 'cell');
  if (column) element.dataset.column = column;
  element.textContent = text;
  return element;
}

const COLUMNS = ['time', 'event', 'id', 'size', 'data'] as const;

/** An empty row: a cell per column, the data cell with its `pre`. */
function emptyRow(): HTMLElement {
  const row = document.createElement('div');
  row.setAttribute('role', 'row');
  row.className = 'message';
  for (const column of COLUMNS) cell(row, '', column);
  row.lastElementChild!.appendChild(document.createElement('pre')).setAttribute('part', 'data');
  return row;
}

/** Shows `message` in `row`: every value goes in through `textContent`, so data stays text. */
function fill(row: HTMLElement, message: RecordedMessage): HTMLElement {
  row.dataset.seq = String(message.seq);
  const [time, event, id, size, data] = row.children as unknown as HTMLElement[];
  time.textContent = clockTime(message.receivedAt);
  event.textContent = message.type;
  id.textContent = message.id;
  size.textContent = byteSize(message.size);
  data.firstElementChild!.textContent = prettyData(message.data) + (message.truncated ? '\n…' : '');
  let rejected = data.querySelector<HTMLElement>('.rejected');
  if (message.error) {
    rejected ??= data.appendChild(document.createElement('span'));
    rejected.className = 'rejected';
    rejected.textContent = `rejected: ${errorText(message.error)}`;
  } else rejected?.remove();
  return row;
}

/**
 * A connection's messages in a list element, newest first, drawn by hand rather than diffed: between two
 * drawings messages only arrive at the new end and leave at the old one, so a drawing adds the rows of
 * what came and removes the rows of what left, whatever the list's length. A new buffer or filter
 * draws it all again.
 */
export class MessageList {
  /** The element the rows go in. */
  readonly body: HTMLElement;
  /** The rows shown, by `seq`, oldest first (the Map keeps the order they were added in). */
  #rows = new Map<number, HTMLElement>();
  #buffer: MessageBuffer | undefined;
  #filter = '';
  #newest = -1;

  constructor(body: HTMLElement) {
    this.body = body;
  }

  /** Rows shown. */
  get size(): number {
    return this.#rows.size;
  }

  draw(buffer: MessageBuffer, filter: MessageFilter): void {
    const kept = buffer.toArray();
    const name = `${filter.limit} ${filter.key}`;
    if (buffer !== this.#buffer || name !== this.#filter) {
      this.#buffer = buffer;
      this.#filter = name;
      this.#rows = new Map();
      this.#newest = -1;
      this.body.replaceChildren();
    }
    // What arrived, newest first, no more than the list shows: a burst costs `limit` rows, not one a message.
    const messages: RecordedMessage[] = [];
    for (let i = kept.length - 1; i >= 0 && kept[i].seq > this.#newest && messages.length < filter.limit; i--) {
      if (filter.accepts(kept[i])) messages.push(kept[i]);
    }
    this.#newest = kept.length ? kept[kept.length - 1].seq : this.#newest;
    // A fast stream brings a whole list at every drawing: the rows shown take the new messages in place, so
    // the drawing changes text, not elements (no rows made, styled and laid out anew, none thrown away).
    if (messages.length >= filter.limit && this.#rows.size === filter.limit) {
      const rows = [...this.#rows.values()].reverse();
      this.#rows = new Map();
      for (let i = messages.length - 1; i >= 0; i--) this.#rows.set(messages[i].seq, fill(rows[i], messages[i]));
      return;
    }
    // What left the buffer (or was cleared) leaves the list, from the old end.
    const oldest = kept[0]?.seq ?? Infinity;
    for (const [seq, row] of this.#rows) {
      if (seq >= oldest) break;
      row.remove();
      this.#rows.delete(seq);
    }
    if (!messages.length) return;
    const arrived = document.createDocumentFragment();
    for (const message of messages) arrived.append(fill(emptyRow(), message));
    // Past the limit, the oldest rows go.
    let over = this.#rows.size + arrived.childElementCount - filter.limit;
    for (const [seq, row] of this.#rows) {
      if (over-- <= 0) break;
      row.remove();
      this.#rows.delete(seq);
    }
    const added = [...arrived.children].reverse() as HTMLElement[];
    for (const row of added) this.#rows.set(Number(row.dataset.seq), row);
    this.body.prepend(arrived);
  }
}
