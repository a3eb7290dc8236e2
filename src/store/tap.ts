import type { SseStore } from './store.js';
import type { Release, SseError, SseRawMessage } from './types.js';

/** One message as a tap sees it: which connection it came on, and the error that rejected it, if one did. */
export interface SseTapEvent {
  /** The connection's key (`connectionKey`). */
  key: string;
  /** The message, with its value; one its decoder rejected comes as it came (no `value`), with `error`. */
  message: SseRawMessage & { value?: unknown };
  /** Set when the message's decoder (that of `latest`) rejected it: it was not delivered to the listeners using that decoder. */
  error?: SseError | undefined;
}

export type SseTap = (event: SseTapEvent) => void;

/** Each store's taps; a store adds its set when it is made, and reads it on every message. */
export const tapsOf = new WeakMap<SseStore, Set<SseTap>>();

/**
 * Sees every message every connection of `store` receives (a tab's own, relayed from another tab, or
 * rejected), for an inspector. While no tap is attached a message costs one size check. A tap that
 * throws breaks nothing: its error goes to the console.
 */
export function tapMessages(store: SseStore, tap: SseTap): Release {
  const taps = tapsOf.get(store);
  if (!taps) return () => {};
  const guarded: SseTap = (event) => {
    try {
      tap(event);
    } catch (error) {
      console.error('[sse-kit] a message tap threw', error);
    }
  };
  taps.add(guarded);
  return () => void taps.delete(guarded);
}
