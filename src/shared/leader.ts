import type { LeadLifecycle, Lifecycle } from '../store/lifecycle.js';
import type { ConnectionSink } from '../store/registry.js';
import type { Channel } from './channel.js';
import { MIRRORED, pick } from './protocol.js';
import type { SseRawMessage } from '../store/types.js';

/** What the leader reads of the other tabs holding its key. */
export interface Tabs {
  /** Every name any holding tab listens to, this one's included. */
  names(): Iterable<string>;
  /** This tab and every other holding tab are hidden (for `pauseWhenHidden`). */
  hidden(): boolean;
}

/**
 * A key while this tab leads: it runs the connection with the lifecycle of a tab's own connection, and
 * relays what that does (messages, state changes, ids) to the other tabs.
 */
export class Leader {
  readonly #connection: ConnectionSink;
  readonly #channel: Channel;
  readonly #relaying: ConnectionSink;
  readonly #lead: LeadLifecycle;
  #lifecycle: Lifecycle | undefined;
  /** The connection was closed for good when this tab took over: it waits for `reconnect()`, as it would have. */
  #dormant: boolean;

  constructor(connection: ConnectionSink, channel: Channel, lead: LeadLifecycle, tabs: Tabs) {
    this.#connection = connection;
    this.#channel = channel;
    this.#lead = lead;
    // The connection as the lifecycle sees it: what it does is relayed too.
    this.#relaying = {
      key: connection.key,
      resolved: connection.resolved,
      options: connection.options,
      get lastEventId() {
        return connection.lastEventId;
      },
      answer: connection.answer,
      state: () => connection.state(),
      hidden: () => tabs.hidden(),
      names: () => tabs.names(),
      write(change) {
        connection.write(change);
        const mirrored = pick(change, MIRRORED);
        if (Object.keys(mirrored).length) channel.send({ kind: 'state', change: mirrored });
      },
      receive(message, hasId) {
        channel.send({ kind: 'message', message, hasId });
        connection.receive(message, hasId);
      },
      noteId(id) {
        connection.noteId(id);
        channel.send({ kind: 'id', id });
      },
    };
    connection.write({ role: 'leader' });
    const state = connection.state();
    // EventSource without resumeParam cannot resume: its first request carries no id.
    this.snapshot(connection.options.resumeParam || state?.transport == 'fetch' ? connection.lastEventId : '');
    this.#dormant = state?.state == 'closed';
    this.holdersChanged();
  }

  /** The state, for tabs that join; `from`, when a new leader announces itself: the id it resumes from. */
  snapshot(from?: string): void {
    this.#channel.flush();
    const current = this.#connection.state();
    const state = { ...pick(current, MIRRORED), lastEventId: this.#connection.lastEventId };
    // Without the values: a decoder's may not survive a structured clone, and each tab decodes its own.
    const latest: Record<string, SseRawMessage> = {};
    for (const [name, { type, data, lastEventId, receivedAt }] of Object.entries(current?.latest ?? {})) latest[name] = { type, data, lastEventId, receivedAt };
    this.#channel.post({ type: 'state', state, latest, from });
  }

  /** Runs the connection (`again`: as reconnect() starts it), or tells it the names any tab listens to may have changed. */
  holdersChanged(again = false): void {
    if (this.#dormant) return;
    if (this.#lifecycle) this.#lifecycle.holdersChanged();
    else this.#lifecycle = this.#lead(this.#relaying, { reconnect: again });
  }

  reconnect(): void {
    if (!this.#dormant) return this.#lifecycle?.reconnect();
    this.#dormant = false;
    this.holdersChanged(true);
  }

  /** Whether every holding tab is hidden may have changed. */
  visibility(): void {
    this.#lifecycle?.visibility();
  }

  /** Lets the connection go (this tab leaves, or its last holder did); what was queued is posted first. */
  stop(): void {
    this.#channel.flush();
    this.#lifecycle?.close();
    this.#lifecycle = undefined;
  }
}
