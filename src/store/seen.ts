/** How many recent ids are remembered: a replay longer than this cannot be told from new events. */
export const SEEN_IDS = 1000;

/**
 * The newest event ids a connection delivered, at most `SEEN_IDS`, the oldest forgotten first: what tells a
 * replayed event from a new one. A `shared` follower's mirror keeps one to catch up after a hand-off;
 * `persist` keeps one per connection, saved with its last id, to drop what a resume replays.
 */
export class SeenIds {
  // A Set keeps insertion order: its first value is the oldest.
  readonly #ids: Set<string>;

  constructor(ids: Iterable<string> = []) {
    this.#ids = new Set(ids);
    this.#trim();
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /** Remembers `id` ('' is no id, and is not remembered); false when it was remembered already. */
  add(id: string): boolean {
    if (!id || this.#ids.has(id)) return false;
    this.#ids.add(id);
    this.#trim();
    return true;
  }

  clear(): void {
    this.#ids.clear();
  }

  /** The ids, oldest first. */
  list(): string[] {
    return [...this.#ids];
  }

  #trim() {
    for (const id of this.#ids) {
      if (this.#ids.size <= SEEN_IDS) return;
      this.#ids.delete(id);
    }
  }
}
