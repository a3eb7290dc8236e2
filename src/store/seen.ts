/** How many recent ids are remembered: a replay longer than this cannot be told from new events. */
export const SEEN_IDS = 1000;

/**
 * The newest event ids a connection delivered, at most `SEEN_IDS`, the oldest forgotten first: what tells a
 * replayed event from a new one. A `shared` follower's mirror keeps one to catch up after a hand-off;
 * `persist` keeps one per connection, saved with its last id, to drop what a resume replays.
 */
export class SeenIds {
  readonly #ids = new Set<string>();
  /** The ids in the order they came, as a ring: once full, each new one takes the oldest's place. */
  #order: string[] = [];
  /** The oldest's place in the ring, once it is full. */
  #oldest = 0;

  constructor(ids: Iterable<string> = []) {
    for (const id of ids) this.add(id);
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /** Remembers `id` ('' is no id, and is not remembered); false when it was remembered already. */
  add(id: string): boolean {
    if (!id || this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#order.length < SEEN_IDS) {
      this.#order.push(id);
    } else {
      // A Set would give its oldest too, but an engine may walk past every id deleted before it (Gecko does).
      this.#ids.delete(this.#order[this.#oldest]);
      this.#order[this.#oldest] = id;
      this.#oldest = (this.#oldest + 1) % SEEN_IDS;
    }
    return true;
  }

  clear(): void {
    this.#ids.clear();
    this.#order = [];
    this.#oldest = 0;
  }

  /** The ids, oldest first. */
  list(): string[] {
    return [...this.#order.slice(this.#oldest), ...this.#order.slice(0, this.#oldest)];
  }
}
