import type { SseStore } from '../store/store.js';
import { tapMessages, type SseTapEvent } from '../store/tap.js';
import type { ConnectionState, Release } from '../store/types.js';
import { MessageBuffer, recordOf } from './message-buffer.js';
import { RateCounter } from './rate-counter.js';
import { StateHistory } from './state-history.js';

/** Connections the store let go of that stay listed (their end is often the question), newest kept. */
export const RELEASED_KEPT = 20;

/** One connection as an inspector sees it: its state now, what it went through, what it received. */
export interface InspectedConnection {
  readonly key: string;
  /** The newest state the store had for it; after it was released, the last one. */
  state: ConnectionState;
  /** Still in the store's `connections`. */
  held: boolean;
  readonly history: StateHistory;
  readonly messages: MessageBuffer;
  readonly rate: RateCounter;
  /** Messages that arrived while recording was paused: counted, not kept. */
  skipped: number;
}

export interface InspectorOptions {
  /** Messages kept per connection. */
  maxMessages: number;
  /** How far back the timeline goes, ms. */
  windowMs: number;
  /**
   * Something changed: a connection's state (`state`) or its messages (`message`). Called synchronously,
   * from inside the store's write or the transport's callback, so it should only schedule a drawing.
   */
  onChange(what: 'state' | 'message'): void;
}

/** A held connection as first seen: its history, message buffer and rate still empty. */
export function inspectedConnection(
  key: string,
  state: ConnectionState,
  options: Pick<InspectorOptions, 'windowMs' | 'maxMessages'>,
): InspectedConnection {
  return {
    key,
    state,
    held: true,
    history: new StateHistory(options.windowMs),
    messages: new MessageBuffer(options.maxMessages),
    rate: new RateCounter(60),
    skipped: 0,
  };
}

/**
 * Watches one store for an inspector: its connections' states (a subscription) and every message they
 * receive (a message tap). Nothing is attached until `attach()`, and `detach()` takes both away, so a
 * page without an open inspector pays nothing for it. Attaching records each connection's current state
 * at once; the messages and changes from then on.
 */
export class Inspector {
  readonly store: SseStore;
  readonly options: Readonly<InspectorOptions>;
  /** By key, in the order first seen. */
  readonly #connections = new Map<string, InspectedConnection>();
  /** How many of them the store holds: a write that names as many keys let none go. */
  #heldCount = 0;
  #release: Release | undefined;
  #paused = false;

  constructor(store: SseStore, options: InspectorOptions) {
    this.store = store;
    this.options = options;
  }

  get attached(): boolean {
    return this.#release !== undefined;
  }

  attach(): void {
    if (this.#release) return;
    const unsubscribe = this.store.subscribe((state) => this.#sync(state.connections));
    const untap = tapMessages(this.store, (event) => this.#receive(event));
    this.#release = () => {
      unsubscribe();
      untap();
    };
    this.#sync(this.store.getState().connections);
  }

  detach(): void {
    this.#release?.();
    this.#release = undefined;
  }

  /** While paused, messages are counted (rate, `skipped`) but not kept. */
  get paused(): boolean {
    return this.#paused;
  }

  set paused(paused: boolean) {
    this.#paused = paused;
    this.options.onChange('message');
  }

  /** Every connection seen, held ones first, each group in the order first seen. */
  connections(): InspectedConnection[] {
    const all = [...this.#connections.values()];
    return [...all.filter((connection) => connection.held), ...all.filter((connection) => !connection.held)];
  }

  get(key: string): InspectedConnection | undefined {
    return this.#connections.get(key);
  }

  /** Empties one connection's message list (and its count of skipped messages). */
  clear(key: string): void {
    const connection = this.#connections.get(key);
    if (!connection) return;
    connection.messages.clear();
    connection.skipped = 0;
    this.options.onChange('message');
  }

  #create(key: string, state: ConnectionState): InspectedConnection {
    const connection = inspectedConnection(key, state, this.options);
    this.#connections.set(key, connection);
    this.#heldCount += 1;
    return connection;
  }

  #sync(connections: Record<string, ConnectionState>): void {
    const now = Date.now();
    // A write that only counts messages or holders is `message`: a collapsed inspector ignores those.
    let changed = false;
    let named = 0;
    for (const key in connections) {
      const state = connections[key];
      named += 1;
      let connection = this.#connections.get(key);
      if (!connection) {
        changed = true;
        connection = this.#create(key, state);
      } else if (!connection.held) {
        changed = true;
        connection.held = true;
        this.#heldCount += 1;
      }
      connection.state = state;
      if (connection.history.record(state, now)) changed = true;
    }
    // Every message is a write: only one that names fewer keys than are held can have let one go.
    if (named < this.#heldCount) changed = this.#released(connections, now) || changed;
    this.options.onChange(changed ? 'state' : 'message');
  }

  /** Marks the connections the store let go of, and forgets the oldest released past `RELEASED_KEPT`; true if any went. */
  #released(connections: Record<string, ConnectionState>, now: number): boolean {
    let changed = false;
    let released = 0;
    // Newest first, so the oldest released ones are the ones forgotten.
    for (const connection of [...this.#connections.values()].reverse()) {
      if (connections[connection.key]) continue;
      if (connection.held) {
        connection.held = false;
        this.#heldCount -= 1;
        connection.history.release(now);
        changed = true;
      }
      if (++released > RELEASED_KEPT) this.#connections.delete(connection.key);
    }
    return changed;
  }

  #receive({ key, message, error }: SseTapEvent): void {
    let connection = this.#connections.get(key);
    if (!connection) {
      // Not seen here yet, though the store has it: made from its state, as its next write would.
      const state = this.store.getState().connections[key];
      if (!state) return;
      connection = this.#create(key, state);
    }
    connection.rate.count(message.receivedAt);
    if (this.#paused) connection.skipped += 1;
    else connection.messages.push(recordOf(message, error ?? null));
    this.options.onChange('message');
  }
}
