/** One timer slot: arming it again replaces what was armed, so a slot never runs two callbacks. */
export class Timer {
  #id: ReturnType<typeof setTimeout> | undefined;

  /** Runs `then` in `ms` (a delay of 0 still runs: full jitter can draw 0), instead of whatever was armed. */
  arm(ms: number, then: () => void): void {
    clearTimeout(this.#id);
    this.#id = setTimeout(then, ms);
  }

  clear(): void {
    clearTimeout(this.#id);
    this.#id = undefined;
  }
}
