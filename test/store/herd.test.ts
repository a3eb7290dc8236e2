// The thundering herd: N clients fail together (the server is down), then retry. With full jitter
// their retries spread over the backoff window; with a fixed delay they land at once.
import { expect } from '@open-wc/testing';
import { createSseStore, type Release } from '../../src/store/index.js';
import { serverStats, sleep, streamUrl, uniqueKey, until } from '../helpers.js';

const CLIENTS = 50;
const WINDOW = 4000;

/** The largest number of `times` within any `span` ms. */
export function peak(times: number[], span: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= span) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** The spread of the middle half of `values` (interquartile range): what a few late outliers cannot move. */
export function middleSpread(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return at(0.75) - at(0.25);
}

/**
 * How long after its first request the server saw each client's retry. Delays, not times: the 50 first
 * requests share six connections, so they fail over a spread that grows with the machine's load, and a
 * fixed delay only copies that spread.
 */
async function retryTimes(random: () => number): Promise<number[]> {
  const run = uniqueKey('herd');
  const keys = Array.from({ length: CLIENTS }, (_, i) => `${run}-${i}`);
  const releases: Release[] = keys.map((key) => {
    // The server stays down (every request 503), so no client ever holds one of the six connections.
    // Each client has its own store, hence its own EventSource, like separate pages.
    const store = createSseStore({ backoff: { base: WINDOW, cap: WINDOW }, random, onError: () => {} });
    return store.getState().retain(streamUrl({ key, fail: 1000, status: 503 }));
  });
  try {
    // Asking the server only once the window is over: 50 stats requests per poll would queue the retries
    // behind them in the browser's six connections per origin and bunch them (Firefox by up to 1 s).
    await sleep(WINDOW + 500);
    const retried = async () => (await Promise.all(keys.map(serverStats))).filter((s) => s.requests >= 2).length;
    await until(
      async () => (await retried()) === CLIENTS,
      { for: 'every client retried', seen: async () => `${await retried()} of ${CLIENTS} retried` },
      WINDOW * 3,
    );
    return (await Promise.all(keys.map(serverStats))).map((s) => s.times[1] - s.times[0]);
  } finally {
    for (const release of releases) release();
  }
}

describe('herd', () => {
  it(`${CLIENTS} clients after a failure: full jitter spreads their retries, a fixed delay does not`, async function () {
    this.timeout(60_000);
    const jittered = await retryTimes(Math.random);
    const fixed = await retryTimes(() => 1);
    // 250 ms: the browser lets six requests through at a time, so even retries that all start at once
    // reach the server over 100-250 ms on a loaded machine.
    const peaks = { jittered: peak(jittered, 250), fixed: peak(fixed, 250) };
    const spreads = { jittered: middleSpread(jittered), fixed: middleSpread(fixed) };
    console.log(
      `herd: ${CLIENTS} clients, most retry delays within any 250 ms: full jitter ${peaks.jittered}, fixed delay ${peaks.fixed}; ` +
        `middle half of the delays spread over: full jitter ${spreads.jittered} ms, fixed delay ${spreads.fixed} ms`,
    );
    // Uniform over 4 s puts about 3 retries in each 250 ms: a full-jitter peak of 6-10 of 50, whatever the
    // load (a loaded machine only spreads retries further), so at most 15 holds. A fixed delay bunches them
    // (36-50 of 50 on an idle machine); a loaded machine spreads it too (22-30 at load 20-40, its middle half
    // over a second), so it is held only to twice the jittered peak: the yardstick that the herd was there.
    const judged = JSON.stringify({ peaks, spreads });
    expect(peaks.jittered, `full jitter: most retries within 250 ms ${judged}`).to.be.at.most(15);
    expect(peaks.fixed, `a fixed delay against full jitter: most retries within 250 ms ${judged}`).to.be.at.least(2 * peaks.jittered);
  });

  it('peak() counts the busiest window', () => {
    expect(peak([0, 50, 99, 100, 250], 100)).to.equal(3);
    expect(peak([5, 5, 5], 100)).to.equal(3);
    expect(peak([], 100)).to.equal(0);
  });

  it('middleSpread() is the interquartile range', () => {
    expect(middleSpread([0, 10, 20, 30, 40, 50, 60, 70])).to.equal(40);
    expect(middleSpread([5, 5, 5, 5])).to.equal(0);
    expect(middleSpread([])).to.equal(0);
  });
});
