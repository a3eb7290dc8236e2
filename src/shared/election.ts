/**
 * A tab's place in the queue for a key's Web Lock: it leads while it holds the lock, and the browser hands
 * the lock to the next tab in line when the leader lets go, closes or crashes.
 */
export class Election {
  readonly #locks: LockManager;
  readonly #name: string;
  /** Counts joins and parts: a lock granted to a request of an earlier turn is let go at once. */
  #turn = 0;
  #queue: AbortController | undefined;
  #unlock: (() => void) | undefined;

  constructor(locks: LockManager, name: string) {
    this.#locks = locks;
    this.#name = name;
  }

  /** Takes the lock at once if nobody holds it, else waits in the queue; `lead` runs once it is granted. */
  join(lead: () => void): void {
    const turn = ++this.#turn;
    const queue = (this.#queue = new AbortController());
    const take = (lock: Lock | null) =>
      lock && turn == this.#turn
        ? new Promise<void>((resolve) => {
            this.#unlock = resolve;
            lead();
          })
        : undefined;
    this.#locks
      .request(this.#name, { ifAvailable: true }, take)
      // Settled at once when the lock was taken; once this tab stopped leading when it was granted.
      .then(() => (turn == this.#turn && !this.#unlock ? this.#locks.request(this.#name, { signal: queue.signal }, take) : undefined))
      .catch(() => {});
  }

  /** Lets the lock go if held, leaves the queue if waiting. */
  part(): void {
    this.#turn++;
    this.#queue?.abort();
    this.#unlock?.();
    this.#unlock = undefined;
  }
}
