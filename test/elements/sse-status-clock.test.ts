// <sse-status>'s numbers follow the connection's own times: "no data for N s" counts from lastEventAt and
// "in N s" down to retryAt, each changing when the number it shows changes, not on a clock of the element's
// own (which once started with the open, so the quiet label came up to 1 s late).
import { expect, fixture, html } from '@open-wc/testing';
import { createSseStore, type SseStatus } from '../../src/index.js';
import { streamUrl, uniqueKey, until } from '../helpers.js';

/** Every text the detail part shows, with the `Date.now()` it appeared at. */
function recordDetail(status: SseStatus) {
  const seen: { text: string; at: number }[] = [];
  const note = () => {
    const text = status.shadowRoot!.querySelector('[part="detail"]')?.textContent ?? '';
    if (seen.at(-1)?.text !== text) seen.push({ text, at: Date.now() });
  };
  const observer = new MutationObserver(note);
  observer.observe(status.shadowRoot!, { subtree: true, childList: true, characterData: true });
  note();
  return { seen, stop: () => observer.disconnect() };
}

// A loaded machine renders late, never early: the bound is how late a change may come. Each test below
// puts a clock of the element's own (the old bug) 0.9 s or more off, so 700 ms still tells them apart.
const LATE = 700;

describe('<sse-status> clock', () => {
  it('shows "no data for N s" when the quiet time since lastEventAt reaches it', async () => {
    // Open at once (the `retry:` line is a first byte, which Firefox waits for), one heartbeat 0.1 s later,
    // then silence: the label is due at half of stale-after (3 s after the heartbeat), then each whole
    // second. A clock started with the open would show each 0.9 s late; the stall (6 s) is far off.
    const url = streamUrl({ key: uniqueKey(), count: 1, events: 'heartbeat', delay: 100, retry: 60_000 });
    const status = await fixture<SseStatus>(html`<sse-status src=${url} stale-after="6000"></sse-status>`);
    const detail = recordDetail(status);
    await until(() => detail.seen.some((s) => s.text === 'no data for 4 s'), { for: '"no data for 4 s"', seen: () => detail.seen }, 8000);
    detail.stop();
    const last = status.connection!.lastEventAt!;
    const after = (text: string) => detail.seen.find((s) => s.text === text)!.at - last;
    expect(detail.seen.map((s) => s.text)).to.deep.equal(['', 'no data for 3 s', 'no data for 4 s']);
    expect(after('no data for 3 s'), 'ms after the heartbeat').to.be.within(3000, 3000 + LATE);
    expect(after('no data for 4 s'), 'ms after the heartbeat').to.be.within(4000, 4000 + LATE);
  });

  it('counts "in N s" down to retryAt', async () => {
    const key = uniqueKey();
    // A 2.05 s backoff: "in 3 s" at once, "in 2 s" 2 s before retryAt (50 ms in), "in 1 s" 1 s before it.
    // A clock of the element's own, ticking each second from its first label, would be 0.95 s late.
    const store = createSseStore({ backoff: { base: 2500, cap: 2500 }, random: () => 0.82 });
    const scheduled: number[] = [];
    const unsubscribe = store.subscribe((state) => {
      for (const connection of Object.values(state.connections)) if (connection.retryAt !== null && !scheduled.includes(connection.retryAt)) scheduled.push(connection.retryAt);
    });
    const status = await fixture<SseStatus>(html`<sse-status .store=${store} src=${streamUrl({ key, fail: 1, count: 0 })}></sse-status>`);
    const detail = recordDetail(status);
    await until(() => status.getAttribute('state') === 'open', { for: 'open after the retry', seen: () => detail.seen }, 8000);
    detail.stop();
    unsubscribe();
    expect(scheduled, 'one retry scheduled').to.have.length(1);
    const [retryAt] = scheduled;
    // "in 3 s" shows only for its first 50 ms, so a loaded machine may skip it (sse-status.test.ts checks
    // it with a longer wait); the two after it are what this test times.
    const shown = detail.seen.filter((s) => s.text.startsWith('in ') && s.text !== 'in 3 s (attempt 1)');
    expect(shown.map((s) => s.text), JSON.stringify(detail.seen)).to.deep.equal(['in 2 s (attempt 1)', 'in 1 s (attempt 1)']);
    // Against retryAt itself, so a late first render moves nothing; a change is never early (5 ms for
    // the clock's rounding).
    expect(shown[0].at - (retryAt - 2000), 'ms after "in 2 s" was due').to.be.within(-5, LATE);
    expect(shown[1].at - (retryAt - 1000), 'ms after "in 1 s" was due').to.be.within(-5, LATE);
  });
});
