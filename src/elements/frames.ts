/**
 * Draws at most once per animation frame however often it is asked, yet at once after a quiet spell:
 * the first request draws now, and the frames that follow draw whatever was asked for meanwhile, until
 * one passes with nothing new. `<sse-feed>` and `<sse-text>` draw their messages through one each.
 */
export class FrameDrawer {
  readonly #draw: () => void;
  /** The frame that draws what was asked for since the last drawing; 0 while idle. */
  #frame = 0;
  /** Asked for since the last drawing. */
  #dirty = false;

  constructor(draw: () => void) {
    this.#draw = draw;
  }

  request(): void {
    if (this.#frame) {
      this.#dirty = true;
      return;
    }
    this.#draw();
    this.#frame = requestAnimationFrame(this.#tick);
  }

  /** Stops the frames (the element left the page); what was asked for and not drawn is not drawn. */
  cancel(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#dirty = false;
  }

  readonly #tick = (): void => {
    this.#frame = this.#dirty ? requestAnimationFrame(this.#tick) : 0;
    if (this.#dirty) this.#draw();
    this.#dirty = false;
  };
}
