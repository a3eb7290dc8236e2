// What tabs say to each other on a key's BroadcastChannel. Every message names its sender (`tab`), and
// one sender's messages arrive in the order it posted them.
import type { ConnectionState, SseMessage } from '../store/types.js';

/** Bumped when the messages change, so tabs running two versions of sse-kit (a deploy) never mix. */
export const PREFIX = 'sse-kit/1 ';

/** What one tab holding a key needs from the connection: its event names, and whether it is hidden. */
export interface TabInfo {
  names: string[];
  hidden: boolean;
}

/** One step of the leader's connection, relayed in order: a message, or a change of its state. */
export type Item = { m: SseMessage } | { s: Partial<ConnectionState> };

export type Wire =
  /** I hold this key (or my names or visibility changed). A tab that did not know the sender answers with its own. */
  | ({ t: 'join'; tab: string } & TabInfo)
  /** I no longer hold this key. (A tab that crashes says nothing: its tab lock tells.) */
  | { t: 'leave'; tab: string }
  /**
   * The leader's state, for a tab that just joined, and from a new leader, with `from`: the id it resumes from
   * ('' when it cannot resume).
   */
  | { t: 'state'; tab: string; state: Partial<ConnectionState>; latest: Record<string, SseMessage> | undefined; from?: string | undefined }
  /** The leader's messages and state changes of one task, in order. */
  | { t: 'relay'; tab: string; items: Item[] }
  /** A follower's `reconnect()`, for the leader. */
  | { t: 'reconnect'; tab: string };
