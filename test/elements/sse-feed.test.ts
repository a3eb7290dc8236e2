import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { a11ySnapshot, findAccessibilityNode } from '@web/test-runner-commands';
import * as v from 'valibot';
import { z } from 'zod';
import { requires } from '../engine.js';
import { connectionKey, createSseStore, defineStream, SseErrorEvent, sseStore, type SseFeed, type SseMessageEvent } from '../../src/index.js';
import { markupWouldHaveRun, nextFrame, serverStats, sleep, streamUrl, uniqueKey, until } from '../helpers.js';

const items = (feed: SseFeed) => [...feed.shadowRoot!.querySelectorAll('[part~="item"]')];
const texts = (feed: SseFeed) => items(feed).map((item) => item.textContent);

describe('<sse-feed>', () => {
  it('renders each message as an item, newest last, and fires sse-message', async () => {
    const url = streamUrl({ key: uniqueKey(), count: 3 });
    const feed = await fixture<SseFeed>(html`<sse-feed src=${url}></sse-feed>`);
    const event = (await oneEvent(feed, 'sse-message')) as SseMessageEvent;
    expect(event.detail).to.include({ type: 'message', data: '1', lastEventId: '1' });
    expect(event.bubbles && event.composed).to.equal(true);
    await until(() => items(feed).length === 3, 'three items');
    expect(texts(feed)).to.deep.equal(['1', '2', '3']);
    expect(feed.items.map((item) => item.value)).to.deep.equal(['1', '2', '3']);
  });

  it('shares one connection among every element on a URL', async () => {
    const key = uniqueKey();
    const url = streamUrl({ key, count: 2 });
    const panel = await fixture<HTMLElement>(html`<div>
      ${Array.from({ length: 10 }, () => html`<sse-feed src=${url}></sse-feed>`)}
      <sse-status src=${url}></sse-status><sse-status src=${url}></sse-status>
    </div>`);
    const feeds = [...panel.querySelectorAll('sse-feed')];
    await until(() => feeds.every((feed) => items(feed).length === 2), 'every feed shows both events');
    expect(sseStore.getState().connections[connectionKey(url)].refCount).to.equal(12);
    const stats = await serverStats(key);
    expect(stats.requests).to.equal(1);
    expect(stats.open).to.equal(1);
  });

  it('keeps its connection when moved in the DOM', async () => {
    const key = uniqueKey();
    const url = streamUrl({ key, count: 1 });
    const root = await fixture<HTMLElement>(html`<div><section id="a"></section><section id="b"></section></div>`);
    const feed = document.createElement('sse-feed');
    feed.src = url;
    root.querySelector('#a')!.append(feed);
    await until(() => items(feed).length === 1, 'first event');
    root.querySelector('#b')!.append(feed);
    await sleep(100);
    expect(sseStore.getState().connections[connectionKey(url)].state).to.equal('open');
    expect(await serverStats(key)).to.include({ requests: 1, open: 1 });
    expect(texts(feed)).to.deep.equal(['1']);
  });

  it('releases on removal: the server sees the stream closed and the key is gone', async () => {
    const key = uniqueKey();
    const url = streamUrl({ key, count: 1 });
    const feed = await fixture<SseFeed>(html`<sse-feed src=${url}></sse-feed>`);
    await until(() => items(feed).length === 1, 'first event');
    feed.remove();
    await sleep(0);
    expect(sseStore.getState().connections[connectionKey(url)]).to.equal(undefined);
    await until(async () => (await serverStats(key)).open === 0, 'server sees it closed');
  });

  it('shows every event named in a space-separated list, and only those', async () => {
    const url = streamUrl({ key: uniqueKey(), count: 6, events: 'a,b,c' });
    const feed = await fixture<SseFeed>(html`<sse-feed src=${url} event="a  c"></sse-feed>`);
    await until(() => items(feed).length === 4, 'a and c events');
    await sleep(50);
    expect(feed.items.map((item) => `${item.message.type}${item.message.data}`)).to.deep.equal(['a1', 'c3', 'a4', 'c6']);
  });

  it('keeps at most `max` items, dropping the oldest from the DOM and from memory', async () => {
    const url = streamUrl({ key: uniqueKey(), count: 30, interval: 1 });
    const feed = await fixture<SseFeed>(html`<sse-feed src=${url} max="5"></sse-feed>`);
    await until(() => feed.connection?.messageCount === 30, 'thirty events');
    await nextFrame();
    await feed.updateComplete;
    expect(texts(feed)).to.deep.equal(['26', '27', '28', '29', '30']);
    expect(feed.items).to.have.length(5);
    feed.max = 2;
    await feed.updateComplete;
    expect(texts(feed)).to.deep.equal(['29', '30']);
  });

  it('stays bounded: max=100 fed 100,000 events keeps 100 items in the DOM and in memory', async function () {
    this.timeout(60_000);
    const key = uniqueKey('bounded');
    const url = streamUrl({ key, count: 100_000, interval: 0, events: 'tick' });
    const feed = await fixture<SseFeed>(html`<sse-feed src=${url} event="tick" max="100"></sse-feed>`);
    let rendersDuringBurst = 0;
    const observer = new MutationObserver(() => rendersDuringBurst++);
    observer.observe(feed.shadowRoot!, { childList: true, subtree: true });
    await until(() => feed.connection?.messageCount === 100_000, '100,000 events', 50_000);
    await nextFrame();
    await feed.updateComplete;
    observer.disconnect();
    expect(items(feed)).to.have.length(100);
    expect(feed.items).to.have.length(100);
    expect(texts(feed)[0]).to.equal('99901');
    expect(texts(feed)[99]).to.equal('100000');
    // The store keeps the newest message per event name, not a history.
    const connection = sseStore.getState().connections[connectionKey(url)];
    expect(Object.keys(connection.latest)).to.deep.equal(['tick']);
    expect(connection.latest.tick.data).to.equal('100000');
    // Rendering is per frame, not per message.
    expect(rendersDuringBurst).to.be.below(10_000);
  });

  it('fills a <template> from JSON by data-field paths, as text, from own properties only', async () => {
    const url = streamUrl({ key: uniqueKey(), count: 2, data: 'json' });
    const feed = await fixture<SseFeed>(html`<sse-feed src=${url} json>
      <template><b part="name" data-field="name"></b> = <i data-field="nested.value"></i><span class="x" data-field="constructor"></span><u data-field="__proto__"></u><s data-field="n.toString"></s></template>
    </sse-feed>`);
    await until(() => items(feed).length === 2, 'two items');
    const [first, second] = items(feed);
    expect(first.querySelector('b')!.textContent).to.equal('item 1');
    expect(first.querySelector('i')!.textContent).to.equal('10');
    expect(second.textContent).to.equal('item 2 = 20');
    expect(first.querySelector('.x')!.textContent).to.equal('');
    expect(first.querySelector('u')!.textContent).to.equal('');
    expect(first.querySelector('s')!.textContent).to.equal('');
    expect(feed.items[1].value).to.deep.equal({ n: 2, name: 'item 2', nested: { value: 20 } });
  });

  it('fills a <template> whose children were appended to the element, not its content (React does that)', async () => {
    const template = document.createElement('template');
    const name = document.createElement('b');
    name.dataset.field = 'name';
    template.append(name);
    expect(template.content.childNodes.length).to.equal(0);
    const feed = document.createElement('sse-feed');
    feed.json = true;
    feed.append(template);
    feed.src = streamUrl({ key: uniqueKey(), count: 1, data: 'json' });
    document.body.append(feed);
    try {
      await until(() => items(feed).length === 1, 'the item');
      expect(items(feed)[0].querySelector('b')!.textContent).to.equal('item 1');
    } finally {
      feed.remove();
    }
  });

  it('skips a message that is not JSON, fires sse-error with its data, and renders the next ones', async () => {
    const url = streamUrl({ key: uniqueKey(), count: 4, data: 'bad-json' });
    const errors: SseErrorEvent[] = [];
    const feed = await fixture<SseFeed>(
      html`<sse-feed src=${url} json @sse-error=${(e: SseErrorEvent) => errors.push(e)}
        ><template><span data-field="name"></span></template
      ></sse-feed>`,
    );
    await until(() => feed.connection?.messageCount === 4 && errors.length === 2, 'four messages');
    // The feed draws once per frame: a message of the same burst may wait for the next one (seen in WebKit).
    await nextFrame();
    await feed.updateComplete;
    expect(texts(feed)).to.deep.equal(['item 1', 'item 3']);
    expect(errors.map((e) => [e.detail.type, e.detail.data])).to.deep.equal([
      ['parse', '{not json 2'],
      ['parse', '{not json 4'],
    ]);
    expect(errors[0].detail.message).to.match(/not JSON/);
  });

  it('shows HTML in data literally, as text, with and without a template', async () => {
    const payload = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><b>bold</b>&lt;`;
    const plain = await fixture<SseFeed>(html`<sse-feed src=${streamUrl({ key: uniqueKey(), count: 1, payload })}></sse-feed>`);
    const json = JSON.stringify({ name: payload });
    const templated = await fixture<SseFeed>(html`<sse-feed
      src=${streamUrl({ key: uniqueKey(), count: 1, payload: json })}
      json
      ><template><p data-field="name"></p></template
    ></sse-feed>`);
    await until(() => items(plain).length === 1 && items(templated).length === 1, 'both rendered');
    expect(items(plain)[0].textContent).to.equal(payload);
    expect(items(templated)[0].querySelector('p')!.textContent).to.equal(payload);
    for (const item of [...items(plain), ...items(templated)]) {
      expect(item.querySelector('img, script, b')).to.equal(null);
    }
    await markupWouldHaveRun();
    expect((window as { __xss?: number }).__xss).to.equal(undefined);
  });

  it('renders with renderItem when given, and reports a throwing renderItem without losing the item', async () => {
    const url = streamUrl({ key: uniqueKey(), count: 3 });
    const errors: SseErrorEvent[] = [];
    const feed = await fixture<SseFeed>(html`<sse-feed
      src=${url}
      @sse-error=${(e: SseErrorEvent) => errors.push(e)}
      .renderItem=${({ message }: { message: { data: string } }) => {
        if (message.data === '2') throw new Error('nope');
        return html`<em>#${message.data}</em>`;
      }}
    ></sse-feed>`);
    await until(() => items(feed).length === 3, 'three items');
    expect(items(feed).map((item) => item.innerHTML.replace(/<!--.*?-->/g, ''))).to.deep.equal(['<em>#1</em>', '2', '<em>#3</em>']);
    expect(errors.map((e) => e.detail.type)).to.deep.equal(['render']);
  });

  it('shows the empty slot until the first item', async () => {
    const url = streamUrl({ key: uniqueKey(), count: 1, interval: 300 });
    const feed = await fixture<SseFeed>(html`<sse-feed src=${url}><p slot="empty">Nothing yet</p></sse-feed>`);
    const slot = feed.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="empty"]');
    expect(slot!.assignedElements()[0].textContent).to.equal('Nothing yet');
    await until(() => items(feed).length === 1, 'an item');
    const empty = feed.shadowRoot!.querySelector<HTMLElement>('[part="empty"]')!;
    expect(getComputedStyle(empty).display).to.equal('none');
  });

  it('is an ARIA live log', async function () {
    await requires(this, 'a11ySnapshot');
    const url = streamUrl({ key: uniqueKey(), count: 1 });
    const feed = await fixture<SseFeed>(html`<sse-feed src=${url} aria-label="Live prices"></sse-feed>`);
    await until(() => items(feed).length === 1, 'an item');
    const snapshot = await a11ySnapshot({});
    const log = findAccessibilityNode<{ role: string; name: string }>(
      snapshot as never,
      (node) => node.role === 'log' && node.name === 'Live prices',
    );
    expect(log).to.not.equal(null);
  });

  it('reports a connection error as sse-error and keeps working for valid input', async () => {
    const feed = document.createElement('sse-feed');
    feed.src = 'http://[bad';
    const error = oneEvent(feed, 'sse-error');
    document.body.append(feed);
    expect((await error).detail.type).to.equal('invalid-url');
    feed.src = streamUrl({ key: uniqueKey(), count: 1 });
    await until(() => items(feed).length === 1, 'recovers with a good src');
    feed.remove();
  });

  it('json: 50 feeds on one URL parse each message once, and share its value', async () => {
    const url = streamUrl({ key: uniqueKey('json50'), count: 20, interval: 0, data: 'json' });
    const parse = JSON.parse;
    let parses = 0;
    JSON.parse = ((...args: Parameters<typeof parse>) => (parses++, parse(...args))) as typeof parse;
    try {
      const panel = await fixture<HTMLElement>(html`<div>${Array.from({ length: 50 }, () => html`<sse-feed src=${url} json></sse-feed>`)}</div>`);
      const feeds = [...panel.querySelectorAll('sse-feed')];
      await until(() => feeds.every((feed) => feed.items.length === 20), 'every feed has the 20 items');
      expect(parses, 'JSON.parse calls for 20 messages and 50 feeds').to.equal(20);
    } finally {
      JSON.parse = parse;
    }
    const [first, second] = [...document.querySelectorAll('sse-feed')];
    expect(first.items[19].value).to.deep.equal({ n: 20, name: 'item 20', nested: { value: 200 } });
    expect(first.items[19].value).to.equal(second.items[19].value);
  });

  it('schema: a message that does not match is skipped and reported as an `invalid` sse-error with its issues and data', async () => {
    const url = streamUrl({ key: uniqueKey('schema'), count: 6, data: 'wrong-json' });
    const errors: SseErrorEvent[] = [];
    const schema = z.object({ n: z.number(), nested: z.object({ value: z.number() }) });
    const feed = await fixture<SseFeed>(
      html`<sse-feed src=${url} .schema=${schema} @sse-error=${(e: SseErrorEvent) => errors.push(e)}>
        <template><span data-field="nested.value"></span></template>
      </sse-feed>`,
    );
    await until(() => feed.connection?.messageCount === 6, 'six messages');
    await until(() => items(feed).length === 4, 'four items');
    expect(texts(feed)).to.deep.equal(['10', '20', '40', '50']);
    expect(errors.map((e) => [e.detail.type, e.detail.data])).to.deep.equal([
      ['invalid', '{"n":3,"name":"item 3","nested":{"value":"n/a"}}'],
      ['invalid', '{"n":6,"name":"item 6","nested":{"value":"n/a"}}'],
    ]);
    expect(errors[0].detail.issues![0].path).to.deep.equal(['nested', 'value']);
    expect(feed.connection?.rejected).to.equal(2);
    expect(feed.connection?.state).to.equal('open');
  });

  it('stream: a typed definition gives the URL, the options, the store and each event\'s decoder; a new one starts a new feed', async () => {
    const store = createSseStore();
    const key = uniqueKey('stream');
    const Price = v.object({ n: v.number(), name: v.string() });
    const stream = defineStream(streamUrl({ key, count: 4, events: 'price,note', data: 'json' }), { price: Price, note: 'text' }, { store, transport: 'fetch' });
    const feed = await fixture<SseFeed>(html`<sse-feed .stream=${stream} event="price note" .renderItem=${({ message, value }: { message: { type: string }; value: unknown }) => (message.type == 'price' ? (value as { name: string }).name : `note ${String(value)}`)}></sse-feed>`);
    await until(() => items(feed).length === 4, 'four items');
    expect(texts(feed)).to.deep.equal(['item 1', 'note {"n":2,"name":"item 2","nested":{"value":20}}', 'item 3', 'note {"n":4,"name":"item 4","nested":{"value":40}}']);
    expect(store.getState().connections[stream.key].transport).to.equal('fetch');
    expect(sseStore.getState().connections[stream.key], 'not in the page store').to.equal(undefined);
    feed.stream = defineStream(streamUrl({ key: uniqueKey('stream'), count: 1, events: 'price', data: 'json' }), { price: Price }, { store });
    await until(() => texts(feed).join() === 'item 1', 'the new stream alone');
  });
});
