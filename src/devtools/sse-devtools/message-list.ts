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

/** A message's row, made by hand once: every value goes in through `textContent`, so data stays text. */
function rowOf(message: RecordedMessage): HTMLElement {
  const row = document.createElement('div');
  row.setAttribute('role', 'row');
  row.className = 'message';
  row.dataset.seq = String(message.seq);
  cell(row, clockTime(message.receivedAt), 'time');
  cell(row, message.type, 'event');
  cell(row, message.id, 'id');
  cell(row, byteSize(message.size), 'size');
  const data = cell(row, '', 'data');
  const pre = data.appendChild(document.createElement('pre'));
  pre.setAttribute('part', 'data');
  pre.textContent = prettyData(message.data) + (message.truncated ? '\n…' : '');
  if (message.error) {
    const rejected = data.appendChild(document.createElement('span'));
    rejected.className = 'rejected';
    rejected.textContent = `rejected: ${errorText(message.error)}`;
  }
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
    // What left the buffer (or was cleared) leaves the list, from the old end.
    const oldest = kept[0]?.seq ?? Infinity;
    for (const [seq, row] of this.#rows) {
      if (seq >= oldest) break;
      row.remove();
      this.#rows.delete(seq);
    }
    // What arrived, newest first, no more than the list shows: a burst costs `limit` rows, not one a message.
    const arrived = document.createDocumentFragment();
    for (let i = kept.length - 1; i >= 0 && kept[i].seq > this.#newest && arrived.childElementCount < filter.limit; i--) {
      if (filter.accepts(kept[i])) arrived.append(rowOf(kept[i]));
    }
    this.#newest = kept.length ? kept[kept.length - 1].seq : this.#newest;
    if (!arrived.childElementCount) return;
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
