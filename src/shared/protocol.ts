// What tabs say to each other on a key's BroadcastChannel. Every message names its sender (`tab`), and
// one sender's messages arrive in the order it posted them. Nothing here carries a request's headers or body.
import type { ConnectionState, SseRawMessage } from '../store/types.js';

/** Bumped when the messages change, so tabs running two versions of sse-kit (a deploy) never mix. */
export const PREFIX = 'sse-kit/2 ';

/** What one tab holding a key needs from the connection: its event names, and whether it is hidden. */
export interface TabInfo {
  names: string[];
  hidden: boolean;
}

/** One step of the leader's connection, relayed in order: a message, a change of its state, or of its last id alone. */
export type Item =
  /** `hasId`: the transport's word on whether the event had an `id:` field of its own (for `persist`). */
  | { kind: 'message'; message: SseRawMessage; hasId?: boolean | undefined }
  | { kind: 'state'; change: Partial<ConnectionState> }
  | { kind: 'id'; id: string };

export type Wire =
  /** I hold this key (or my names or visibility changed). A tab that did not know the sender answers with its own. */
  | ({ type: 'join'; tab: string } & TabInfo)
  /** I no longer hold this key. (A tab that crashes says nothing: its tab lock tells.) */
  | { type: 'leave'; tab: string }
  /**
   * The leader's state, for a tab that just joined, and from a new leader, with `from`: the id it resumes from
   * ('' when it cannot resume). `latest` is the leader's, without the values its decoders made: each tab
   * decodes for its own holders.
   */
  | { type: 'state'; tab: string; state: Partial<ConnectionState>; latest: Record<string, SseRawMessage> | undefined; from?: string | undefined }
  /** The leader's messages and state changes of one task, in order. */
  | { type: 'relay'; tab: string; items: Item[] }
  /** A follower's `reconnect()`, for the leader. */
  | { type: 'reconnect'; tab: string };

/** What a follower copies from the leader's writes: the connection's state, not this tab's (refCount, role). */
export const MIRRORED = ['state', 'attempt', 'retryAt', 'error', 'offline', 'lastEventAt'] as const;

/** `from`'s `fields`, those it has. */
export function pick(from: Partial<ConnectionState> | undefined, fields: readonly (keyof ConnectionState)[]): Partial<ConnectionState> {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (from && field in from) out[field] = from[field];
  return out as Partial<ConnectionState>;
}
