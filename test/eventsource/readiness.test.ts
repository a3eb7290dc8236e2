// The rule that turns a shared connection's public state into one instance's events (readiness.ts), on
// states written by hand: pure logic, no clock and no server.
import { expect } from '@open-wc/testing';
import { connectionState as state } from '../store/connection-state.js';
import { announce, CLOSED, CONNECTING, OPEN } from '../../src/eventsource/readiness.js';


describe('announce: a connection state change, as one instance’s events', () => {
  it('an open stream is an open, once', () => {
    expect(announce(CONNECTING, state({}), state({ state: 'open' }))).to.deep.equal({ event: 'open', readyState: OPEN });
    expect(announce(OPEN, state({ state: 'open' }), state({ state: 'open', messageCount: 3 }))).to.equal(null);
  });

  it('an open stream that drops, pauses or restarts is an error while CONNECTING', () => {
    for (const next of ['reconnecting', 'paused', 'connecting'] as const) {
      expect(announce(OPEN, state({ state: 'open' }), state({ state: next })), next).to.deep.equal({ event: 'error', readyState: CONNECTING });
    }
  });

  it('while connecting, each failed attempt is an error: the start of reconnecting, then each new retry time', () => {
    const failed = state({ state: 'reconnecting', retryAt: 1000 });
    expect(announce(CONNECTING, state({}), failed)).to.deep.equal({ event: 'error', readyState: CONNECTING });
    // The retry timer fires (retryAt cleared), the attempt fails again (a new retryAt).
    const waiting = state({ state: 'reconnecting', retryAt: null });
    expect(announce(CONNECTING, failed, waiting)).to.equal(null);
    expect(announce(CONNECTING, waiting, state({ state: 'reconnecting', retryAt: 2000 }))).to.deep.equal({ event: 'error', readyState: CONNECTING });
    // Other writes to the same state (a hint, a holder) are not failures.
    expect(announce(CONNECTING, failed, state({ state: 'reconnecting', retryAt: 1000, refCount: 2 }))).to.equal(null);
  });

  it('closed for good is an error and CLOSED; after CLOSED nothing more', () => {
    expect(announce(OPEN, state({ state: 'open' }), state({ state: 'closed' }))).to.deep.equal({ event: 'error', readyState: CLOSED });
    expect(announce(CONNECTING, state({}), state({ state: 'closed' }))).to.deep.equal({ event: 'error', readyState: CLOSED });
    expect(announce(CLOSED, state({ state: 'closed' }), state({ state: 'open' }))).to.equal(null);
  });

  it('joining a connection, only an open stream is news: another holder’s failures are not this instance’s', () => {
    expect(announce(CONNECTING, undefined, state({ state: 'reconnecting', retryAt: 1000 }))).to.equal(null);
    expect(announce(CONNECTING, undefined, state({ state: 'open' }))).to.deep.equal({ event: 'open', readyState: OPEN });
    expect(announce(CONNECTING, undefined, undefined)).to.equal(null);
  });
});
