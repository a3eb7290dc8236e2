import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { a11ySnapshot, findAccessibilityNode } from '@web/test-runner-commands';
import { requires } from '../engine.js';
import { createSseStore, type SseStateChangeEvent, type SseStatus } from '../../src/index.js';
import { serverStats, streamUrl, uniqueKey, until } from '../helpers.js';

const part = (status: SseStatus, name: string) => status.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`);

describe('<sse-status>', () => {
  it('reflects connecting, then open, in its state attribute, firing sse-state-change', async () => {
    const url = streamUrl({ key: uniqueKey(), count: 0 });
    const status = document.createElement('sse-status');
    status.src = url;
    const changes: string[] = [];
    status.addEventListener('sse-state-change', (e: SseStateChangeEvent) => changes.push(e.detail.state));
    document.body.append(status);
    await status.updateComplete;
    expect(status.getAttribute('state')).to.equal('connecting');
    expect(part(status, 'label')!.textContent).to.equal('Connecting…');
    await until(() => status.getAttribute('state') === 'open', 'open');
    await status.updateComplete;
    expect(part(status, 'label')!.textContent).to.equal('Live');
    expect(changes).to.deep.equal(['connecting', 'open']);
    status.remove();
  });

  it('shows closed and "No src" once its src is removed, not the state it had', async () => {
    const status = await fixture<SseStatus>(html`<sse-status src=${streamUrl({ key: uniqueKey(), count: 0 })}></sse-status>`);
    await until(() => status.getAttribute('state') === 'open', 'open');
    status.src = null;
    await status.updateComplete;
    expect(status.getAttribute('state')).to.equal('closed');
    expect(part(status, 'label')!.textContent).to.equal('Disconnected');
    expect(part(status, 'detail')!.textContent).to.equal('No src');
  });

  it('says "no data for N s" once a stale-after stream has been quiet for half its window', async () => {
    // One heartbeat, then silence: the watchdog listens for the heartbeat though nobody else does.
    const url = streamUrl({ key: uniqueKey(), count: 1, events: 'heartbeat' });
    const status = await fixture<SseStatus>(html`<sse-status src=${url} stale-after="2400"></sse-status>`);
    await until(() => status.connection?.messageCount === 1, 'the event');
    expect(part(status, 'detail')).to.equal(null);
    await until(() => part(status, 'detail')?.textContent === 'no data for 1 s', { for: 'the quiet time', seen: () => part(status, 'detail')?.textContent });
    expect(status.state).to.equal('open');
  });

  it('counts down "in N s (attempt K)" during backoff, then opens', async () => {
    const key = uniqueKey();
    // A 2.91 s backoff: "in 3 s" for its first 0.91 s, room for this test's look on a loaded machine.
    const store = createSseStore({ backoff: { base: 3000, cap: 3000 }, random: () => 0.97 });
    const status = await fixture<SseStatus>(html`<sse-status .store=${store} src=${streamUrl({ key, fail: 1, count: 0 })}></sse-status>`);
    await until(() => status.getAttribute('state') === 'reconnecting', 'reconnecting');
    await status.updateComplete;
    expect(part(status, 'detail')!.textContent).to.equal('in 3 s (attempt 1)');
    await until(() => part(status, 'detail')?.textContent === 'in 2 s (attempt 1)', { for: 'the countdown ticks', seen: () => part(status, 'detail')?.textContent });
    expect(part(status, 'retry')).to.not.equal(null);
    await until(() => status.getAttribute('state') === 'open', { for: 'open after the retry', seen: () => status.connection });
    expect((await serverStats(key)).statuses).to.deep.equal([500, 200]);
  });

  it('offers a retry button once closed, which reconnects', async () => {
    const key = uniqueKey();
    const store = createSseStore({ backoff: { maxRetries: 0 } });
    const status = await fixture<SseStatus>(html`<sse-status .store=${store} src=${streamUrl({ key, fail: 1, count: 0 })}></sse-status>`);
    const error = await oneEvent(status, 'sse-error');
    expect(error.detail.type).to.equal('retries-exhausted');
    await status.updateComplete;
    expect(status.getAttribute('state')).to.equal('closed');
    expect(part(status, 'detail')!.textContent).to.match(/^Gave up after 0 retries/);
    part(status, 'retry')!.click();
    await until(() => status.getAttribute('state') === 'open', 'open after retry');
    await status.updateComplete;
    expect(part(status, 'retry')).to.equal(null);
  });

  it('shows an invalid URL as closed with the reason', async () => {
    const status = await fixture<SseStatus>(html`<sse-status src="ftp://example.test/stream"></sse-status>`);
    expect(status.getAttribute('state')).to.equal('closed');
    expect(part(status, 'detail')!.textContent).to.contain('only http: and https:');
  });

  it('is closed with "No src" when it has no source', async () => {
    const status = await fixture<SseStatus>(html`<sse-status></sse-status>`);
    expect(status.getAttribute('state')).to.equal('closed');
    expect(part(status, 'detail')!.textContent).to.equal('No src');
  });

  it('lets slots override the label of each state', async () => {
    const url = streamUrl({ key: uniqueKey(), count: 0 });
    const status = await fixture<SseStatus>(html`<sse-status src=${url}><b slot="open">Connected</b><b slot="connecting">Dialling</b></sse-status>`);
    const assigned = () => part(status, 'label')!.querySelector('slot')!.assignedElements().map((e) => e.textContent);
    expect(assigned()).to.deep.equal(['Dialling']);
    await until(() => status.getAttribute('state') === 'open', 'open');
    await status.updateComplete;
    expect(assigned()).to.deep.equal(['Connected']);
  });

  it('is an ARIA status', async function () {
    await requires(this, 'a11ySnapshot');
    await fixture<SseStatus>(html`<sse-status aria-label="Feed health" src=${streamUrl({ key: uniqueKey(), count: 0 })}></sse-status>`);
    const snapshot = await a11ySnapshot({});
    const node = findAccessibilityNode<{ role: string; name: string }>(snapshot as never, (n) => n.role === 'status');
    expect(node?.name).to.equal('Feed health');
  });
});
