import type { SseError } from './types.js';

/** Browsers open at most this many HTTP/1.1 connections to one origin; more requests wait in a queue. */
const PER_ORIGIN = 6;
/** Streams open per origin, over every store of the page: the browser's limit counts them all. */
const openTo = new Map<string, number>();

/** One connection's place in its origin's count of open streams. */
export class OriginCount {
  readonly #host: string;
  #open = false;

  constructor(host: string) {
    this.#host = host;
  }

  /** Counts this stream among its origin's open ones, or stops counting it. */
  set(open: boolean): void {
    if (open != this.#open) openTo.set(this.#host, (openTo.get(this.#host) ?? 0) + (open ? 1 : -1));
    this.#open = open;
  }

  /** Why an attempt still waits, when the page holds the origin's every connection: say so, and the ways out. */
  queued(): SseError | undefined {
    const busy = openTo.get(this.#host) ?? 0;
    if (this.#open || busy < PER_ORIGIN) return undefined;
    const message = `Waiting for a free connection: ${busy} streams to ${this.#host} are already open and browsers allow ${PER_ORIGIN} per origin over HTTP/1.1. Serve the streams over HTTP/2, or share them across tabs with \`shared\`.`;
    return { type: 'connection-limit', message };
  }
}
