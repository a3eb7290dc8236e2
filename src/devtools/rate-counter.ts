/**
 * Messages per second over the last `seconds` seconds: one counter per second in a ring, so counting a
 * message is an increment and the memory is the same at 2 messages/s as at 20,000.
 */
export class RateCounter {
  readonly seconds: number;
  /** Messages counted in each second of the ring. */
  readonly #counts: Float64Array;
  /** Which second (`Math.floor(Date.now() / 1000)`) each slot counts; a slot of an older one is stale. */
  readonly #stamps: Float64Array;

  constructor(seconds = 60) {
    this.seconds = Math.max(2, Math.floor(seconds));
    this.#counts = new Float64Array(this.seconds);
    this.#stamps = new Float64Array(this.seconds).fill(-1);
  }

  /** Counts `n` messages at `at` (`Date.now()`). */
  count(at: number, n = 1): void {
    const second = Math.floor(at / 1000);
    const slot = second % this.seconds;
    if (this.#stamps[slot] !== second) {
      this.#stamps[slot] = second;
      this.#counts[slot] = 0;
    }
    this.#counts[slot] += n;
  }

  /** Messages in each of the last `seconds` seconds, oldest first; the last is the second `now` is in. */
  series(now: number): number[] {
    const current = Math.floor(now / 1000);
    const series: number[] = [];
    for (let second = current - this.seconds + 1; second <= current; second++) {
      const slot = ((second % this.seconds) + this.seconds) % this.seconds;
      series.push(this.#stamps[slot] === second ? this.#counts[slot] : 0);
    }
    return series;
  }

  clear(): void {
    this.#stamps.fill(-1);
  }
}

/** What a rate line says in words: the last whole second's rate, and the busiest second shown. */
export interface RateSummary {
  /** Messages in the last whole second (the current one is still counting). */
  now: number;
  /** The most messages in any one second of the series. */
  peak: number;
  /** Messages in the whole series. */
  total: number;
}

export function summarize(series: readonly number[]): RateSummary {
  return {
    now: series.length > 1 ? series[series.length - 2] : (series[0] ?? 0),
    peak: series.reduce((peak, n) => Math.max(peak, n), 0),
    total: series.reduce((total, n) => total + n, 0),
  };
}
