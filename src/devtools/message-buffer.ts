import type { SseError, SseRawMessage } from '../store/types.js';

/** The most of a message's data an inspector keeps: a 1 MB event must not become 300 MB of history. */
export const KEPT_DATA_LENGTH = 16 * 1024;

/** One message as the inspector keeps it. */
export interface RecordedMessage {
  /** Order of arrival in this inspector, across its connections: a key for lists. */
  readonly seq: number;
  /** `Date.now()` when the browser handed it over. */
  readonly receivedAt: number;
  /** The event name. */
  readonly type: string;
  /** The connection's last event id once this message arrived. */
  readonly id: string;
  /** Bytes of the data, in UTF-8, as the server sent them. */
  readonly size: number;
  /** The data, cut at `KEPT_DATA_LENGTH` characters. */
  readonly data: string;
  /** The data was longer than what is kept. */
  readonly truncated: boolean;
  /** Why the message was not delivered to its listeners (data that did not decode), or null. */
  readonly error: SseError | null;
}

/** UTF-8 byte length without encoding the string (a copy per message at 2,000 messages/s). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    // Counted 1 so far: 2 bytes below U+0800, 3 above, and 4 for a surrogate pair (2 UTF-16 units).
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2;
      i += 1;
    } else bytes += 2;
  }
  return bytes;
}

let nextSeq = 0;

/**
 * A message as kept. Its size is counted when first read, from the kept data, so a message costs the
 * page no loop over its text as it arrives (at 2,000 messages/s the list shows a few dozen of them); data
 * cut at `KEPT_DATA_LENGTH` is counted at once, while the whole of it is still there.
 */
class Recorded implements RecordedMessage {
  readonly seq = nextSeq++;
  readonly receivedAt: number;
  readonly type: string;
  readonly id: string;
  readonly data: string;
  readonly truncated: boolean;
  readonly error: SseError | null;
  #size: number | undefined;

  constructor(message: SseRawMessage, error: SseError | null) {
    const { data } = message;
    this.receivedAt = message.receivedAt;
    this.type = message.type;
    this.id = message.lastEventId;
    this.truncated = data.length > KEPT_DATA_LENGTH;
    this.data = this.truncated ? data.slice(0, KEPT_DATA_LENGTH) : data;
    this.#size = this.truncated ? utf8Length(data) : undefined;
    this.error = error;
  }

  get size(): number {
    return (this.#size ??= utf8Length(this.data));
  }
}

/** What to keep of `message`, and in which order it came. */
export function recordOf(message: SseRawMessage, error: SseError | null = null): RecordedMessage {
  return new Recorded(message, error);
}

/**
 * The newest `capacity` messages of one connection: once full, each message takes the oldest one's slot
 * in O(1), so a fast stream costs the same memory as a slow one.
 */
export class MessageBuffer {
  readonly capacity: number;
  #ring: RecordedMessage[] = [];
  /** The oldest slot once the ring is full (0 until then). */
  #head = 0;
  /** Grows with every change, so a view can tell whether it is up to date. */
  #version = 0;

  constructor(capacity: number) {
    this.capacity = Math.max(1, Math.floor(capacity));
  }

  get size(): number {
    return this.#ring.length;
  }

  /** Changes with every push and clear. */
  get version(): number {
    return this.#version;
  }

  push(message: RecordedMessage): void {
    this.#version += 1;
    if (this.#ring.length < this.capacity) {
      this.#ring.push(message);
      return;
    }
    this.#ring[this.#head] = message;
    this.#head = (this.#head + 1) % this.capacity;
  }

  /** The messages, oldest first. */
  toArray(): RecordedMessage[] {
    const head = this.#head;
    return head === 0 ? [...this.#ring] : [...this.#ring.slice(head), ...this.#ring.slice(0, head)];
  }

  clear(): void {
    this.#version += 1;
    this.#ring = [];
    this.#head = 0;
  }
}
