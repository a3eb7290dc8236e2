// The inspector's pure parts, with times given by the test: the bounded message buffer, the rate counter and
// the state history (the store's states are plain objects here; the element tests use real streams).
import { expect } from '@open-wc/testing';
import { KEPT_DATA_LENGTH, MessageBuffer, recordOf, utf8Length } from '../../src/devtools/message-buffer.js';
import { RateCounter, summarize } from '../../src/devtools/rate-counter.js';
import { StateHistory, phaseOf } from '../../src/devtools/state-history.js';
import type { ConnectionState } from '../../src/store/index.js';
import { connectionState as state } from '../store/connection-state.js';

const message = (id: number, data = String(id)) => recordOf({ type: 'message', data, lastEventId: String(id), receivedAt: id });


describe('MessageBuffer', () => {
  it('keeps the newest `capacity` messages, oldest first, however many came', () => {
    const buffer = new MessageBuffer(3);
    for (let id = 1; id <= 10; id++) buffer.push(message(id));
    expect(buffer.toArray().map((m) => m.id)).to.deep.equal(['8', '9', '10']);
    expect(buffer.size).to.equal(3);
    buffer.clear();
    expect(buffer.toArray()).to.deep.equal([]);
  });

  it('its version moves with every push and clear, so a view knows when to draw', () => {
    const buffer = new MessageBuffer(2);
    const versions = [buffer.version];
    buffer.push(message(1));
    versions.push(buffer.version);
    buffer.push(message(2));
    buffer.push(message(3));
    versions.push(buffer.version);
    buffer.clear();
    versions.push(buffer.version);
    expect(new Set(versions).size, `versions ${versions}`).to.equal(4);
  });

  it('keeps 16 KB of a big message, with its true size and a mark', () => {
    const big = recordOf({ type: 'big', data: 'é'.repeat(KEPT_DATA_LENGTH * 2), lastEventId: '1', receivedAt: 0 });
    expect(big.data.length).to.equal(KEPT_DATA_LENGTH);
    expect(big.truncated).to.equal(true);
    expect(big.size).to.equal(KEPT_DATA_LENGTH * 2 * 2);
    expect(message(1, 'small').truncated).to.equal(false);
  });

  it('counts UTF-8 bytes as TextEncoder does', () => {
    for (const text of ['', 'abc', 'é', '€', '😀', 'a😀é€', '\ud800 lone', 'x\udc00']) {
      expect(utf8Length(text), JSON.stringify(text)).to.equal(new TextEncoder().encode(text).length);
    }
  });
});

describe('RateCounter', () => {
  it('counts messages per second over the last minute, oldest first, the current second last', () => {
    const rate = new RateCounter(60);
    const t0 = 1_000_000;
    rate.count(t0, 5);
    rate.count(t0 + 999);
    rate.count(t0 + 2000, 3);
    const series = rate.series(t0 + 2500);
    expect(series).to.have.length(60);
    expect(series.slice(-3)).to.deep.equal([6, 0, 3]);
    expect(summarize(series)).to.deep.equal({ now: 0, peak: 6, total: 9 });
  });

  it('forgets what is older than its window, even in a slot it reuses', () => {
    const rate = new RateCounter(10);
    const t0 = 5_000_000;
    rate.count(t0, 100);
    rate.count(t0 + 10_000, 1); // the same slot, ten seconds later
    expect(rate.series(t0 + 10_000).reduce((a, b) => a + b)).to.equal(1);
    expect(rate.series(t0 + 30_000).reduce((a, b) => a + b)).to.equal(0);
  });
});

describe('StateHistory', () => {
  it('a waiting retry is its own phase; open with a retry time is still open', () => {
    expect(phaseOf(state({ state: 'reconnecting', retryAt: 5 }))).to.equal('waiting');
    expect(phaseOf(state({ state: 'reconnecting', retryAt: null }))).to.equal('reconnecting');
    expect(phaseOf(state({ state: 'paused' }))).to.equal('paused');
    expect(phaseOf(state({ state: 'open', retryAt: 5 }))).to.equal('open');
  });

  it('records a change of phase, attempt, error or network; not a write that only counts messages', () => {
    const history = new StateHistory(60_000);
    const refused = { type: 'refused', message: 'HTTP 500', status: 500 } as const;
    const writes: [number, Partial<ConnectionState>][] = [
      [0, { state: 'connecting' }],
      [10, { state: 'connecting', messageCount: 3 }],
      [20, { state: 'reconnecting', retryAt: 100, attempt: 1, error: refused }],
      [30, { state: 'reconnecting', retryAt: 100, attempt: 1, error: { ...refused } }], // a relayed copy
      [100, { state: 'reconnecting', retryAt: 300, attempt: 2, error: refused }],
      [300, { state: 'open', attempt: 0 }],
      [400, { state: 'open', offline: true }],
      [500, { state: 'paused' }],
    ];
    const recorded = writes.map(([at, change]) => history.record(state(change), at));
    expect(recorded).to.deep.equal([true, false, true, false, true, true, true, true]);
    history.release(600);
    expect(history.changes().map((change) => [change.at, change.phase, change.attempt])).to.deep.equal([
      [0, 'connecting', 0],
      [20, 'waiting', 1],
      [100, 'waiting', 2],
      [300, 'open', 0],
      [400, 'open', 0],
      [500, 'paused', 0],
      [600, 'released', 0],
    ]);
    expect(history.changes()[1].error).to.equal(refused);
  });

  it('segments cover the window: clipped at its start, the last one reaching now', () => {
    const history = new StateHistory(1000);
    history.record(state({ state: 'connecting' }), 0);
    history.record(state({ state: 'open' }), 500);
    history.record(state({ state: 'closed', error: { type: 'refused', message: 'x' } }), 1800);
    // 2000: the window is 1000-2000; `connecting` ended before it and is dropped.
    const segments = history.segments(2000, 1000);
    expect(segments.map(({ change, from, to }) => [change.phase, from, to])).to.deep.equal([
      ['open', 1000, 1800],
      ['closed', 1800, 2000],
    ]);
  });

  it('a new connection fills its timeline: it starts at the first change, at least 10 s back', () => {
    const history = new StateHistory(300_000);
    history.record(state({ state: 'open' }), 1_000_000);
    expect(history.start(1_030_000)).to.equal(1_000_000);
    expect(history.start(1_005_000)).to.equal(995_000);
    expect(history.start(1_900_000)).to.equal(1_600_000);
  });

  it('is bounded: past the window, and past `maxChanges` in a reconnect storm', () => {
    const history = new StateHistory(1000, 50);
    for (let i = 0; i < 500; i++) history.record(state({ state: 'reconnecting', attempt: i }), i);
    expect(history.changes()).to.have.length(50);
    expect(history.changes()[49].attempt).to.equal(499);
    history.record(state({ state: 'open' }), 10_000);
    history.prune(20_000);
    expect(history.changes().map((change) => change.phase)).to.deep.equal(['open']);
  });
});
