// <sse-feed persist> and <sse-text persist> within one page: what they keep in their store's storage, what a later
// element (as after a reload, which test/persist/ does for real) shows before its stream answers, and clear()
// forgetting it. A store made later with the same storage is what a reloaded page's store is.
import { expect } from '@open-wc/testing';
import '../../src/index.js';
import { createSseStore, type SseFeed, type SseStorage, type SseText } from '../../src/index.js';
import { STORAGE_PREFIX } from '../../src/store/persist.js';
import { askUrl, sleep, streamUrl, uniqueKey, until } from '../helpers.js';

const memoryStorage = (): SseStorage & { kept: Map<string, string> } => {
  const kept = new Map<string, string>();
  return { kept, getItem: (key) => kept.get(key) ?? null, setItem: (key, value) => void kept.set(key, value), removeItem: (key) => void kept.delete(key) };
};
/** The names of the records of one kind (`feed`, `text`, `connection`). */
const records = (storage: ReturnType<typeof memoryStorage>, kind: string) => [...storage.kept.keys()].filter((key) => key.startsWith(`${STORAGE_PREFIX}${kind} `));

const made: Element[] = [];
/** An element of `tag` with `attributes`, on `store`, in the document. */
function element<T extends HTMLElement>(tag: string, attributes: Record<string, string>, store: ReturnType<typeof createSseStore>, body?: string): T {
  const created = document.createElement(tag) as T & { store: unknown; body: string | null };
  created.store = store;
  if (body) created.body = body;
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, value);
  document.body.append(created);
  made.push(created);
  return created;
}
const rendered = (feed: SseFeed) => [...feed.shadowRoot!.querySelectorAll('[part~="item"]')].map((item) => item.textContent);

describe('elements with persist', () => {
  afterEach(() => made.splice(0).forEach((each) => each.remove()));

  it('<sse-feed persist>: a later feed shows the saved items before its stream answers; clear() forgets them', async () => {
    const storage = memoryStorage();
    const key = uniqueKey('feed');
    // Four events per response, then quiet.
    const src = streamUrl({ key, count: 20, silentAfter: 4 });
    const first = element<SseFeed>('sse-feed', { src, persist: '', 'resume-param': 'lastEventID', max: '3' }, createSseStore({ storage }));
    await until(() => first.items.length === 3 && first.items[2].message.lastEventId === '4', 'the first feed has 2, 3, 4');
    await sleep(0);
    expect(records(storage, 'feed')).to.have.length(1);
    first.remove();
    const later = element<SseFeed>('sse-feed', { src, persist: '', 'resume-param': 'lastEventID', max: '3' }, createSseStore({ storage }));
    await until(() => rendered(later).length === 3, 'the later feed shows three items');
    expect(rendered(later), 'the saved items, as they were shown').to.deep.equal(['2', '3', '4']);
    await until(() => later.items.at(-1)?.message.lastEventId === '8', 'then the stream goes on from the saved id');
    expect(later.items.map((item) => item.message.lastEventId)).to.deep.equal(['6', '7', '8']);
    later.clear();
    await sleep(0);
    expect(records(storage, 'feed'), 'clear() removed the record').to.deep.equal([]);
  });

  it('<sse-feed> without persist keeps nothing', async () => {
    const storage = memoryStorage();
    const feed = element<SseFeed>('sse-feed', { src: streamUrl({ key: uniqueKey('plain'), count: 3 }) }, createSseStore({ storage }));
    await until(() => feed.items.length === 3, 'three items');
    await sleep(0);
    expect([...storage.kept.keys()]).to.deep.equal([]);
  });

  it('<sse-text persist>: a later text shows the answer it saved, done, without asking; clear() forgets it', async () => {
    const storage = memoryStorage();
    const key = uniqueKey('text');
    const attributes = { src: askUrl(key), persist: '', method: 'POST', once: '', 'end-on': '[DONE]', json: '', field: 'choices.0.delta.content' };
    const body = JSON.stringify({ question: 'kept?' });
    const first = element<SseText>('sse-text', attributes, createSseStore({ storage }), body);
    await until(() => first.connection?.state === 'closed', 'the answer ended');
    const answer = first.text;
    expect(answer).to.contain('kept?');
    first.remove();
    const later = element<SseText>('sse-text', attributes, createSseStore({ storage }), body);
    await until(() => later.text === answer, 'the later text shows the saved answer');
    await until(() => later.connection?.state === 'closed', 'closed at once');
    expect(later.connection?.error, 'done').to.equal(null);
    const stats = (await (await fetch(`/sse/ask/stats?key=${key}`)).json()) as { requests: number };
    expect(stats.requests, 'nothing asked again').to.equal(1);
    later.clear();
    await sleep(0);
    expect(records(storage, 'text'), 'clear() removed the record').to.deep.equal([]);
  });
});
