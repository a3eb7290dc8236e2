// What every element shares (src/elements/sse-element.ts): the connection options as accessors that read
// their attribute until a property is set, values frameworks set as strings, values set before upgrade,
// and options set as properties on an <sse-source> reaching its descendants.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { SseFeed, SseSource } from '../../src/index.js';
import { serverStats, streamUrl, uniqueKey, until } from '../helpers.js';

describe('SseElement options', () => {
  it('read their attribute until a property is set; then the last write wins', async () => {
    const feed = await fixture<SseFeed>(html`<sse-feed connect-timeout="500" once></sse-feed>`);
    expect(feed.connectTimeout).to.equal(500);
    expect(feed.once).to.equal(true);
    expect(feed.shared).to.equal(false);
    expect(feed.headers).to.equal(null);
    feed.connectTimeout = 900;
    expect(feed.connectTimeout).to.equal(900);
    feed.setAttribute('connect-timeout', '700');
    expect(feed.connectTimeout).to.equal(700);
    feed.once = false;
    expect(feed.once).to.equal(false);
  });

  it('take the strings frameworks set as properties: "3", "" and "false" read as the attribute would', async () => {
    const key = uniqueKey('strings');
    const feed = document.createElement('sse-feed');
    Object.assign(feed, { max: '2', json: '', src: streamUrl({ key, count: 5, data: 'json' }), withCredentials: 'false' });
    document.body.append(feed);
    try {
      await until(() => feed.items.length === 2 && (feed.items[1].value as { n: number }).n === 5, 'the last two, parsed');
      expect(feed.connection?.key).to.equal(new URL(feed.src!, location.href).href);
    } finally {
      feed.remove();
    }
  });

  it('keep a value set before the element upgraded', async () => {
    const key = uniqueKey('early');
    const holder = document.createElement('div');
    holder.innerHTML = '<sse-late-feed></sse-late-feed>';
    const early = holder.firstElementChild as HTMLElement & { transport?: string; src?: string };
    early.transport = 'fetch';
    early.src = streamUrl({ key, count: 1 });
    document.body.append(holder);
    const { SseFeed } = await import('../../src/index.js');
    customElements.define('sse-late-feed', class extends SseFeed {});
    try {
      const feed = early as unknown as SseFeed;
      expect(feed.transport).to.equal('fetch');
      await until(() => feed.items.length === 1, 'the message');
      expect(feed.connection?.key).to.match(/ fetch$/);
    } finally {
      holder.remove();
    }
  });

  it('set as properties on an <sse-source>, reach its descendants', async () => {
    const key = uniqueKey('provider');
    const source = await fixture<SseSource>(html`<sse-source><sse-feed></sse-feed></sse-source>`);
    const feed = source.querySelector('sse-feed')!;
    source.transport = 'fetch';
    source.method = 'POST';
    source.body = 'hi';
    source.src = streamUrl({ key, count: 1 });
    await until(() => feed.items.length === 1, 'the message');
    expect((await serverStats(key)).bodies).to.deep.equal(['hi']);
    source.body = 'again';
    await until(async () => (await serverStats(key)).bodies.length === 2, 'a new request with the new body');
    expect((await serverStats(key)).bodies).to.deep.equal(['hi', 'again']);
  });
});
