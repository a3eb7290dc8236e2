import { expect } from '@open-wc/testing';
import { backoffDelay, DEFAULT_BACKOFF } from '../../src/store/index.js';

// Pure arithmetic: a fixed random source is the right tool here.
describe('backoffDelay (full jitter)', () => {
  it('draws uniformly below base * factor^(attempt-1)', () => {
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0.999)).to.equal(999);
    expect(backoffDelay(2, DEFAULT_BACKOFF, () => 0.5)).to.equal(1000);
    expect(backoffDelay(4, DEFAULT_BACKOFF, () => 0.25)).to.equal(2000);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0)).to.equal(0);
  });

  it('never exceeds the 30 s cap', () => {
    expect(backoffDelay(6, DEFAULT_BACKOFF, () => 0.999)).to.equal(29_970);
    expect(backoffDelay(60, DEFAULT_BACKOFF, () => 0.999)).to.equal(29_970);
  });

  it('spreads retries: 1,000 draws of attempt 3 cover its window', () => {
    const delays = Array.from({ length: 1000 }, () => backoffDelay(3, DEFAULT_BACKOFF));
    expect(Math.min(...delays)).to.be.lessThan(400);
    expect(Math.max(...delays)).to.be.within(3600, 3999);
  });
});
