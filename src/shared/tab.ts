import { PREFIX } from './protocol.js';

const lockOf = (id: string) => `${PREFIX}tab ${id}`;

/**
 * This tab among the others of its origin: an id held as a Web Lock for the tab's whole life, and the
 * other tabs' locks, waited on, which the browser grants when a tab is gone, however it went (closed,
 * crashed, navigated away).
 */
export class Tab {
  id = '';
  readonly #locks: LockManager;
  readonly #gone: (other: string) => void;
  readonly #watched = new Set<string>();

  constructor(locks: LockManager, gone: (other: string) => void) {
    this.#locks = locks;
    this.#gone = gone;
  }

  /** Takes a new id and its lock; resolves once held, so a tab that hears of it can wait on it. Rejects where Web Locks refuse. */
  enter(): Promise<void> {
    return new Promise<void>((held, failed) => {
      this.id = crypto.randomUUID();
      this.#locks.request(lockOf(this.id), () => new Promise<void>(() => held())).catch(failed);
    });
  }

  /** Hears when `other` is gone. */
  watch(other: string): void {
    if (other == this.id || this.#watched.has(other)) return;
    this.#watched.add(other);
    this.#locks
      .request(lockOf(other), { mode: 'shared' }, () => {
        this.#watched.delete(other);
        this.#gone(other);
      })
      .catch(() => {});
  }

  /** This page left (the back/forward cache): its lock requests are dropped, so nobody is watched any more. */
  forget(): void {
    this.#watched.clear();
  }
}
