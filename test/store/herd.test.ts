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
    await until(
      async () => (await Promise.all(keys.map(serverStats))).every((s) => s.requests >= 2),
      'every client retried',
      WINDOW * 3,
    );
    return (await Promise.all(keys.map(serverStats))).map((s) => s.times[1] - s.times[0]);
  } finally {
    for (const release of releases) release();
  }
}

describe('herd', () => {
  it(`${CLIENTS} clients after a failure: full jitter spreads their retries, a fixed delay does not`, async function () {
    this.timeout(30_000);
    // 250 ms: the browser lets six requests through at a time, so even retries that all start at once
    // reach the server over 100-250 ms on a loaded machine.
    const jittered = peak(await retryTimes(Math.random), 250);
    const fixed = peak(await retryTimes(() => 1), 250);
    console.log(`herd: ${CLIENTS} clients, most retry delays within any 250 ms: full jitter ${jittered}, fixed delay ${fixed}`);
    // A fixed delay keeps the clients together (only the browser's six-connection queue spreads them);
    // uniform over 4 s puts about 3 retries in each 250 ms.
    expect(fixed).to.be.at.least(CLIENTS / 2);
    expect(jittered).to.be.at.most(fixed / 2.5);
  });

  it('peak() counts the busiest window', () => {
    expect(peak([0, 50, 99, 100, 250], 100)).to.equal(3);
    expect(peak([5, 5, 5], 100)).to.equal(3);
    expect(peak([], 100)).to.equal(0);
  });
});
