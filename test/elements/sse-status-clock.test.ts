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

// A loaded machine renders late, never early: the bound is how late a change may come.
const LATE = 250;

describe('<sse-status> clock', () => {
  it('shows "no data for N s" when the quiet time since lastEventAt reaches it', async () => {
    // One heartbeat, then silence; the label appears at half of stale-after (1.5 s), then counts whole seconds.
    const url = streamUrl({ key: uniqueKey(), count: 1, events: 'heartbeat' });
    const status = await fixture<SseStatus>(html`<sse-status src=${url} stale-after="3000"></sse-status>`);
    const detail = recordDetail(status);
    await until(() => detail.seen.some((s) => s.text === 'no data for 2 s'), '"no data for 2 s"', 4000);
    detail.stop();
    const last = status.connection!.lastEventAt!;
    const at = (text: string) => detail.seen.find((s) => s.text === text)!.at - last;
    expect(detail.seen.map((s) => s.text)).to.deep.equal(['', 'no data for 1 s', 'no data for 2 s']);
    expect(at('no data for 1 s')).to.be.within(1500, 1500 + LATE);
    expect(at('no data for 2 s')).to.be.within(2000, 2000 + LATE);
  });

  it('counts "in N s" down to retryAt', async () => {
    const key = uniqueKey();
    // A 2.25 s backoff: "in 3 s" at once, "in 2 s" at 2 s left, "in 1 s" at 1 s left.
    const store = createSseStore({ backoff: { base: 2500, cap: 2500 }, random: () => 0.9 });
    const status = await fixture<SseStatus>(html`<sse-status .store=${store} src=${streamUrl({ key, fail: 1, count: 0 })}></sse-status>`);
    const detail = recordDetail(status);
    await until(() => status.getAttribute('state') === 'open', 'open after the retry', 5000);
    detail.stop();
    const shown = detail.seen.filter((s) => s.text.startsWith('in '));
    expect(shown.map((s) => s.text)).to.deep.equal(['in 3 s (attempt 1)', 'in 2 s (attempt 1)', 'in 1 s (attempt 1)']);
    // Relative to the first label, which shows as the wait starts (its own render may be a little late).
    expect(shown[1].at - shown[0].at).to.be.within(250 - 50, 250 + LATE);
    expect(shown[2].at - shown[0].at).to.be.within(1250 - 50, 1250 + LATE);
  });
});
