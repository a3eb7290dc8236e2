import type { SseError, SseRawMessage } from '../store/types.js';

/** The most of a message's data an inspector keeps: a 1 MB event must not become 300 MB of history. */
export const KEPT_DATA_LENGTH = 16 * 1024;

/** One message as the inspector keeps it. */
export interface RecordedMessage {
  /** Order of arrival in this inspector, across its connections: a key for lists. */
  seq: number;
  /** `Date.now()` when the browser handed it over. */
  receivedAt: number;
  /** The event name. */
  type: string;
  /** The connection's last event id once this message arrived. */
  id: string;
  /** Bytes of the data, in UTF-8, as the server sent them. */
  size: number;
  /** The data, cut at `KEPT_DATA_LENGTH` characters. */
  data: string;
  /** The data was longer than what is kept. */
  truncated: boolean;
  /** Why the message was not delivered to its listeners (data that did not decode), or null. */
  error: SseError | null;
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

/** What to keep of `message`, and in which order it came. */
export function recordOf(message: SseRawMessage, error: SseError | null = null): RecordedMessage {
  const { data } = message;
  const truncated = data.length > KEPT_DATA_LENGTH;
  return {
    seq: nextSeq++,
    receivedAt: message.receivedAt,
    type: message.type,
    id: message.lastEventId,
    size: utf8Length(data),
    data: truncated ? data.slice(0, KEPT_DATA_LENGTH) : data,
    truncated,
    error,
  };
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
