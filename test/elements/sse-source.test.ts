import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { connectionKey, sseStore, type SseSource } from '../../src/index.js';
import { serverStats, sleep, streamUrl, uniqueKey, until } from '../helpers.js';

const texts = (feed: Element) => [...feed.shadowRoot!.querySelectorAll('[part~="item"]')].map((i) => i.textContent);

class ShadowPanel extends LitElement {
  protected override render() {
    return html`<sse-feed></sse-feed>`;
  }
}
customElements.define('test-shadow-panel', ShadowPanel);

describe('<sse-source>', () => {
  it('starts its descendants when it gains a src, and passes its connection options down', async () => {
    const key = uniqueKey();
    // Two events at once (a burst), then silence: the only quiet time is the silence itself, so a
    // watchdog of 1 s never fires early on a loaded machine.
    const url = streamUrl({ key, count: 8, silentAfter: 2, interval: 0 });
    const source = await fixture<SseSource>(html`<sse-source stale-after="1000" resume-param="lastEventID">
      <sse-feed></sse-feed>
      <sse-status></sse-status>
    </sse-source>`);
    const feed = source.querySelector('sse-feed')!;
    await sleep(50);
    expect(feed.connection).to.equal(undefined);
    source.src = url;
    // Only the stall watchdog and resumeParam, both inherited, get all eight events through the silences.
    await until(() => texts(feed).length === 8, { for: 'every event through three stalls', seen: () => texts(feed) }, 12_000);
    expect(texts(feed)).to.deep.equal(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect((await serverStats(key)).resumedFrom.slice(0, 4)).to.deep.equal([null, '2', '4', '6']);
  });

  it('gives its src to descendants that have none; their own src wins', async () => {
    const key = uniqueKey();
    const shared = streamUrl({ key, count: 2 });
    const own = streamUrl({ key: uniqueKey(), count: 1, events: 'own' });
    const source = await fixture<SseSource>(html`<sse-source src=${shared}>
      <div><sse-feed id="a"></sse-feed></div>
      <sse-status></sse-status>
      <sse-feed id="b" src=${own} event="own"></sse-feed>
    </sse-source>`);
    const [a, b] = [source.querySelector('#a')!, source.querySelector('#b')!];
    await until(() => texts(a).length === 2 && texts(b).length === 1, 'both feeds');
    expect(texts(a)).to.deep.equal(['1', '2']);
    expect(source.querySelector('sse-status')!.getAttribute('state')).to.equal('open');
    expect(sseStore.getState().connections[connectionKey(shared)].refCount).to.equal(2);
    expect((await serverStats(key)).requests).to.equal(1);
  });

  it('reaches descendants inside shadow roots', async () => {
    const url = streamUrl({ key: uniqueKey(), count: 1 });
    const source = await fixture<SseSource>(html`<sse-source src=${url}><test-shadow-panel></test-shadow-panel></sse-source>`);
    const feed = source.querySelector('test-shadow-panel')!.shadowRoot!.querySelector('sse-feed')!;
    await until(() => texts(feed).length === 1, 'the nested feed');
  });

  it('moves every descendant to a new src when its own changes, releasing the old stream', async () => {
    const [oldKey, newKey] = [uniqueKey(), uniqueKey()];
    const source = await fixture<SseSource>(html`<sse-source src=${streamUrl({ key: oldKey, count: 1 })}>
      <sse-feed></sse-feed>
    </sse-source>`);
    const feed = source.querySelector('sse-feed')!;
    await until(() => texts(feed).length === 1, 'old stream');
    source.src = streamUrl({ key: newKey, count: 2 });
    await until(() => texts(feed).length === 2, 'new stream');
    await sleep(50);
    // The old stream's item is gone: the feed now shows the new stream only.
    expect(texts(feed)).to.deep.equal(['1', '2']);
    expect((await serverStats(newKey)).requests).to.equal(1);
    await until(async () => (await serverStats(oldKey)).open === 0, 'old stream closed');
  });

  it('inherits with-credentials, which keys the connection apart', async () => {
    const url = streamUrl({ key: uniqueKey(), count: 1 });
    const source = await fixture<SseSource>(html`<sse-source src=${url} with-credentials><sse-feed></sse-feed></sse-source>`);
    await until(() => texts(source.querySelector('sse-feed')!).length === 1, 'event');
    expect(Object.keys(sseStore.getState().connections)).to.include(connectionKey(url, { withCredentials: true }));
  });

  it('inherits identity, which keys the connection apart; an own identity wins', async () => {
    const url = streamUrl({ key: uniqueKey(), count: 1 });
    const source = await fixture<SseSource>(
      html`<sse-source src=${url} identity="alice"><sse-feed></sse-feed><sse-status identity="bob"></sse-status></sse-source>`,
    );
    await until(() => texts(source.querySelector('sse-feed')!).length === 1, 'event');
    const keys = Object.keys(sseStore.getState().connections);
    expect(keys).to.include(connectionKey(url, { identity: 'alice' })).and.to.include(connectionKey(url, { identity: 'bob' }));
    expect(keys).to.not.include(connectionKey(url));
  });
});
