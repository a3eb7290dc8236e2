/**
 * Draws in the page's idle time, never in the middle of its work: an inspector is a guest on the page it
 * inspects, and a drawing run from inside a network task or a frame that the page has already filled would
 * make that task longer. A request names the least time since the last drawing (new messages once a
 * second at most; a state change at once); the drawing then waits for the next idle period, or for
 * `timeout` ms on a page that is never idle, so the panel keeps up. Where `requestIdleCallback` is missing
 * (Safari), it draws in the next animation frame: still never inside the task that asked.
 */
export class IdleDrawer {
  readonly #draw: () => void;
  readonly #timeout: number;
  /** `performance.now()` of the last drawing, whoever asked for it (`drawn()`). */
  #drawnAt = -Infinity;
  /** When the waiting drawing is due (before the idle wait); Infinity while none waits. */
  #dueAt = Infinity;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #idle: number | undefined;
  #frame: number | undefined;

  constructor(draw: () => void, timeout = 1000) {
    this.#draw = draw;
    this.#timeout = timeout;
  }

  /** Asks for a drawing no sooner than `spacing` ms after the last one; an earlier request already waiting stands. */
  request(spacing = 0): void {
    // Every message asks: while a drawing already waits that is due no later than this one could be, the
    // request changes nothing, and it is answered without reading the clock.
    if (this.#dueAt <= this.#drawnAt + spacing) return;
    const now = performance.now();
    const dueAt = Math.max(now, this.#drawnAt + spacing);
    if (dueAt >= this.#dueAt) return;
    this.cancel();
    this.#dueAt = dueAt;
    if (dueAt <= now) this.#whenIdle();
    else this.#timer = setTimeout(() => this.#whenIdle(), dueAt - now);
  }

  /** Records a drawing made for any reason (a click redraws too), so the next one keeps its distance. */
  drawn(): void {
    this.#drawnAt = performance.now();
  }

  /** Drops the waiting drawing (the element left the page). */
  cancel(): void {
    clearTimeout(this.#timer);
    if (this.#idle !== undefined) cancelIdleCallback(this.#idle);
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    this.#timer = this.#idle = this.#frame = undefined;
    this.#dueAt = Infinity;
  }

  #whenIdle(): void {
    this.#timer = undefined;
    if (typeof requestIdleCallback == 'function') this.#idle = requestIdleCallback(this.#run, { timeout: this.#timeout });
    else this.#frame = requestAnimationFrame(this.#run);
  }

  readonly #run = (): void => {
    this.#idle = this.#frame = undefined;
    this.#dueAt = Infinity;
    this.#draw();
  };
}
