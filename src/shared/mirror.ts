import type { ConnectionSink } from '../store/registry.js';
import type { ConnectionState } from '../store/types.js';
import { SeenIds } from '../store/seen.js';
import { MIRRORED, pick, type Item, type Wire } from './protocol.js';

/** What a follower takes from a new leader's state once it heard messages of its own (newer than a snapshot's). */
const DECIDED = ['state', 'attempt', 'retryAt', 'error', 'offline'] as const;

/** A follower's copy of the leader's connection: its state and messages, as the leader posts them. */
export class Mirror {
  readonly #connection: ConnectionSink;
  /** The tab that leads, as far as this one has heard (from its state posts); '' until then. */
  #leader = '';
  /** A message came: this tab's own last id and latest are newer than a snapshot's. */
  #heard = false;
  /**
   * After a hand-off: the new leader resumed from the last id it saw, and this tab may have seen more (the old
   * leader's last posts and the lock reach tabs in any order). It drops what it had, until the first new id.
   */
  #catchingUp = false;
  /** The ids this tab saw lately, to drop what a new leader replays that it already had. */
  readonly #seen = new SeenIds();

  constructor(connection: ConnectionSink) {
    this.#connection = connection;
  }

  /** This tab stopped following (it leads, or it left): whoever speaks next is heard as the leader. */
  reset(): void {
    this.#leader = '';
    this.#catchingUp = false;
  }

  /** The leader's messages and state changes of one task. A former leader's, after the new one spoke, are dropped: its replay brings them. */
  relayed({ tab, items }: Extract<Wire, { type: 'relay' }>): void {
    if (this.#leader && tab != this.#leader) return;
    for (const item of items) this.#apply(item);
  }

  #apply(item: Item) {
    const connection = this.#connection;
    if (item.kind == 'state') return connection.write(pick(item.change, MIRRORED));
    if (item.kind == 'id') {
      this.#seen.add(item.id);
      return connection.noteId(item.id);
    }
    const { message } = item;
    if (this.#catchingUp && message.lastEventId && this.#seen.has(message.lastEventId)) return;
    this.#catchingUp = false;
    this.#heard = true;
    this.#seen.add(message.lastEventId);
    connection.receive(message, item.hasId);
  }

  /** A leader's state: for this tab joining, or from a new leader (with `from`, where it resumed). */
  stated({ tab, state, latest, from }: Extract<Wire, { type: 'state' }>): void {
    const connection = this.#connection;
    if (from !== undefined) {
      // A new leader: ahead of where it resumed, this tab catches up. It cannot resume: nothing to skip.
      this.#catchingUp = !!from && from != connection.lastEventId && this.#seen.has(from);
    } else if (this.#leader && tab != this.#leader) return; // a former leader's, late
    this.#leader = tab;
    // A relayed message can come before the snapshot (the leader flushes its relay first): this tab's own
    // latest is newer, and the names it has not heard yet come from the snapshot.
    if (this.#heard) return connection.write({ ...pick(state, DECIDED), latest: { ...latest, ...connection.state()?.latest } as ConnectionState['latest'] });
    // The leader's latest comes without values (each tab decodes its own): a typed read sees none until a message comes.
    connection.write({ ...pick(state, MIRRORED), latest: (latest ?? {}) as ConnectionState['latest'] });
    this.#seen.add(state.lastEventId ?? '');
    connection.noteId(state.lastEventId ?? '');
  }
}
