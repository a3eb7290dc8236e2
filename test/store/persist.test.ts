// `persist` within one page (issue 21): what is saved where, and what a connection made later (as after a
// reload, which test/persist/ does for real) starts from; storage that throws, is full or holds garbage; an
// expired id; the ids a resume replays. A store made later with the same storage is what a reloaded page's
// store is: its connections read what the first one saved.
import { expect } from '@open-wc/testing';
import { STORAGE_PREFIX } from '../../src/store/persist.js';
import { connectionKey, type ConnectionOptions, type SseError, type SseStorage, type SseStoreConfig } from '../../src/store/index.js';
import { base64url, serverStats, sleep, streamUrl, uniqueKey, until } from '../helpers.js';
import { fastStore, ids, range, releaseAndCheck, watch } from './watch.js';

/** A storage in memory that records what was done to it. */
function memoryStorage(items: Record<string, string> = {}) {
  const kept = new Map(Object.entries(items));
  const calls: string[] = [];
  const storage: SseStorage & { kept: Map<string, string>; calls: string[] } = {
    kept,
    calls,
    getItem: (key) => (calls.push(`get ${key}`), kept.get(key) ?? null),
    setItem: (key, value) => void (calls.push(`set ${key}`), kept.set(key, value)),
    removeItem: (key) => void (calls.push(`remove ${key}`), kept.delete(key)),
  };
  return storage;
}

/** Where a connection's record is kept. */
const recordKey = (url: string, options: ConnectionOptions) => `${STORAGE_PREFIX}connection ${connectionKey(url, options)}`;
/** A connection's record as persist writes it. */
const record = (lastEventId: string, savedAt = Date.now(), seen = [lastEventId]) => JSON.stringify({ savedAt, value: { lastEventId, seen } });

/** A store whose errors are collected. */
function storeWith(config: SseStoreConfig) {
  const errors: SseError[] = [];
  return { store: fastStore({ ...config, onError: (error) => errors.push(error) }), errors };
}

/** The end of the task: a record is written then. */
const taskEnd = () => sleep(0);

describe('persist', () => {
  afterEach(async () => {
    await releaseAndCheck();
  });

  it('without persist nothing is read or stored', async () => {
    const storage = memoryStorage();
    const { store } = storeWith({ storage });
    const watched = watch(store, streamUrl({ key: uniqueKey('none'), count: 3 }), { transport: 'fetch' });
    await until(() => watched.messages.length === 3, 'three messages');
    await taskEnd();
    expect(storage.calls).to.deep.equal([]);
  });

  for (const [transport, options, sent] of [
    ['fetch', { persist: true, transport: 'fetch' }, (stats) => stats.lastEventIds[1]],
    ['EventSource with resumeParam', { persist: true, resumeParam: 'lastEventID' }, (stats) => stats.resumedFrom[1]],
  ] as const satisfies readonly (readonly [string, ConnectionOptions, (stats: Awaited<ReturnType<typeof serverStats>>) => string | null])[]) {
    it(`${transport}: the id is saved as it changes, and a connection made later starts from it, in its first request`, async () => {
      const storage = memoryStorage();
      const key = uniqueKey('saved');
      // Each response sends four events, then stays open and quiet.
      const url = streamUrl({ key, count: 12, silentAfter: 4 });
      const first = watch(storeWith({ storage }).store, url, options);
      await until(() => first.messages.length === 4, 'the first store has four messages');
      first.release();
      await taskEnd();
      expect(JSON.parse(storage.kept.get(recordKey(url, options))!).value).to.deep.include({ lastEventId: '4', seen: range(1, 4) });
      // As after a reload: another store, the same storage. The server resumes after the id it is sent.
      const second = watch(storeWith({ storage }).store, url, options);
      await until(() => second.messages.length === 4, 'the later connection has the next four');
      expect(sent(await serverStats(key)), 'its first request carried the saved id').to.equal('4');
      expect(ids(second.messages)).to.deep.equal(range(5, 8));
    });
  }

  it('ids saved for one identity are never used for another (issue 24), and come back for their own', async () => {
    const storage = memoryStorage();
    const key = uniqueKey('identity');
    const url = streamUrl({ key, count: 12, silentAfter: 4 });
    const [alice, bob] = (['alice', 'bob'] as const).map((identity): ConnectionOptions => ({ persist: true, transport: 'fetch', identity }));
    const first = watch(storeWith({ storage }).store, url, alice);
    await until(() => first.messages.length === 4, "alice's four messages");
    first.release();
    await taskEnd();
    expect([...storage.kept.keys()], 'one record, under her key').to.deep.equal([recordKey(url, alice)]);
    // As after a reload in which another account signed in: the same storage, the same URL.
    const second = watch(storeWith({ storage }).store, url, bob);
    await until(() => second.messages.length === 4, "bob's four messages");
    expect((await serverStats(key)).lastEventIds[1], "bob's first request carries no id of alice's").to.equal(null);
    expect(ids(second.messages)).to.deep.equal(range(1, 4));
    second.release();
    await taskEnd();
    const third = watch(storeWith({ storage }).store, url, alice);
    await until(() => third.messages.length === 4, "alice's next four");
    expect((await serverStats(key)).lastEventIds[2], 'alice resumes from her own id').to.equal('4');
    expect(ids(third.messages)).to.deep.equal(range(5, 8));
  });

  it('an expired id is not sent (persistFor); one still fresh is', async () => {
    const options: ConnectionOptions = { persist: true, transport: 'fetch' };
    const [expiredKey, freshKey] = [uniqueKey('expired'), uniqueKey('fresh')];
    const [expired, fresh] = [streamUrl({ key: expiredKey, count: 9 }), streamUrl({ key: freshKey, count: 9 })];
    const storage = memoryStorage({
      [recordKey(expired, options)]: record('7', Date.now() - 2000),
      [recordKey(fresh, options)]: record('7', Date.now() - 500),
    });
    const { store, errors } = storeWith({ storage, persistFor: 1000 });
    const watchers = [watch(store, expired, options), watch(store, fresh, options)];
    await until(() => watchers[0].messages.length === 9 && watchers[1].messages.length === 2, 'every message');
    expect((await serverStats(expiredKey)).lastEventIds[0], 'expired: no id').to.equal(null);
    expect((await serverStats(freshKey)).lastEventIds[0], 'fresh: the saved id').to.equal('7');
    expect(errors).to.deep.equal([]);
  });

  it('storage that throws: the connection works without persisting, and says so once (type storage)', async () => {
    const fail = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    const { store, errors } = storeWith({ storage: { getItem: fail, setItem: fail, removeItem: fail } });
    const watched = watch(store, streamUrl({ key: uniqueKey('throws'), count: 5 }), { persist: true, transport: 'fetch' });
    await until(() => watched.messages.length === 5, 'every message');
    expect(errors.map((error) => error.type)).to.deep.equal(['storage']);
    expect(errors[0].message).to.contain('The operation is insecure');
    expect(watched.connection().error).to.equal(null);
  });

  it('storage that is full: the connection works on, one storage error, nothing more is written', async () => {
    const storage = memoryStorage();
    let writes = 0;
    storage.setItem = () => {
      writes += 1;
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    const { store, errors } = storeWith({ storage });
    const watched = watch(store, streamUrl({ key: uniqueKey('full'), count: 20, interval: 5 }), { persist: true, transport: 'fetch' });
    await until(() => watched.messages.length === 20, 'every message');
    expect(ids(watched.messages)).to.deep.equal(range(1, 20));
    expect(errors.map((error) => error.type)).to.deep.equal(['storage']);
    expect(errors[0].message).to.contain('quota');
    expect(writes, 'one write tried, then none').to.equal(1);
  });

  it('storage that holds garbage: the connection starts from no id, one storage error, and a good record replaces it', async () => {
    const options: ConnectionOptions = { persist: true, transport: 'fetch' };
    const [notJsonKey, wrongKey] = [uniqueKey('not-json'), uniqueKey('wrong-shape')];
    const [notJson, wrong] = [streamUrl({ key: notJsonKey, count: 3 }), streamUrl({ key: wrongKey, count: 3 })];
    const storage = memoryStorage({
      [recordKey(notJson, options)]: '{not json',
      [recordKey(wrong, options)]: JSON.stringify({ savedAt: Date.now(), value: { lastEventId: 7, seen: 'all' } }),
    });
    const { store, errors } = storeWith({ storage });
    const watchers = [watch(store, notJson, options), watch(store, wrong, options)];
    await until(() => watchers.every((watched) => watched.messages.length === 3), 'every message');
    await taskEnd();
    for (const key of [notJsonKey, wrongKey]) expect((await serverStats(key)).lastEventIds[0], `${key}: no id sent`).to.equal(null);
    expect(errors.map((error) => error.type), 'reported once').to.deep.equal(['storage']);
    expect(errors[0].message).to.contain('does not read');
    expect(JSON.parse(storage.kept.get(recordKey(notJson, options))!).value.lastEventId).to.equal('3');
  });

  it('a message whose own id was delivered already is dropped; one without an id of its own never is (fetch)', async () => {
    // id 1, an event without an id (it carries 1), id 1 again (a replay), then id 2.
    const chunks = ['id: 1\ndata: a\n\n', 'data: b\n\n', 'id: 1\ndata: a again\n\n', 'id: 2\ndata: c\n\n'].map(base64url).join(',');
    const url = (key: string) => `/sse/chaos/raw?key=${key}&chunks=${chunks}&gap=20`;
    const store = fastStore({ storage: memoryStorage() });
    const persisted = watch(store, url(uniqueKey('dedupe')), { persist: true, transport: 'fetch' });
    const plain = watch(store, url(uniqueKey('plain')), { transport: 'fetch' });
    await until(() => persisted.messages.at(-1)?.data === 'c' && plain.messages.at(-1)?.data === 'c', 'both have the last event');
    expect(persisted.messages.map((message) => message.data)).to.deep.equal(['a', 'b', 'c']);
    expect(plain.messages.map((message) => message.data), 'without persist, everything is delivered').to.deep.equal(['a', 'b', 'a again', 'c']);
  });

  it('what a resume replays from the id inclusive is dropped: the ids delivered are saved with the id', async () => {
    const options: ConnectionOptions = { persist: true, transport: 'fetch' };
    const storage = memoryStorage();
    const key = uniqueKey('inclusive');
    const url = streamUrl({ key, count: 4, inclusive: 1 });
    const first = watch(storeWith({ storage }).store, url, options);
    await until(() => first.messages.length === 4, 'the first store has four messages');
    await taskEnd();
    first.release();
    // A later store: the server sends 4 again (it resumes from the id it is sent, inclusive), then nothing new.
    const second = watch(storeWith({ storage }).store, url, options);
    await until(async () => (await serverStats(key)).requests === 2 && second.connection()?.state === 'open', 'the later connection is open');
    await sleep(200);
    expect((await serverStats(key)).resumedFrom[1]).to.equal('4');
    expect(ids(second.messages), 'id 4 was not delivered twice').to.deep.equal([]);
  });

  it('EventSource without resumeParam: it says once that it cannot resume and sends no id; what it delivered before is still dropped', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    try {
      const options: ConnectionOptions = { persist: true };
      const key = uniqueKey('es');
      const url = streamUrl({ key, count: 9 });
      const storage = memoryStorage({ [recordKey(url, options)]: record('5', Date.now(), range(1, 5)) });
      const { store } = storeWith({ storage });
      const watched = watch(store, url, options);
      await until(() => watched.messages.at(-1)?.lastEventId === '9', 'the stream from its start');
      // Asked from its start, the server sends 1…9; what was delivered before is not shown twice.
      expect(ids(watched.messages)).to.deep.equal(range(6, 9));
      const other = watch(store, streamUrl({ key: uniqueKey('es-other'), count: 1 }), options);
      await until(() => other.messages.length === 1, 'a second connection');
      expect((await serverStats(key)).resumedFrom[0], 'no id sent').to.equal(null);
      expect(warnings.filter((text) => text.includes('resumeParam')), 'said once').to.have.length(1);
      expect(warnings.find((text) => text.includes('resumeParam'))).to.contain('cannot send a saved id on its first request');
      // What it delivered is still saved (the seen ids drop a replay by a server that sends history on connect).
      await taskEnd();
      expect(JSON.parse(storage.kept.get(recordKey(url, options))!).value.lastEventId).to.equal('9');
    } finally {
      console.warn = warn;
    }
  });

  it('reconnect() of an answer forgets the saved id and ids: the answer asked again is delivered whole', async () => {
    const options: ConnectionOptions = { persist: true, transport: 'fetch', once: true };
    const key = uniqueKey('again');
    const url = streamUrl({ key, count: 3, end: 1 });
    const storage = memoryStorage();
    const { store } = storeWith({ storage });
    const watched = watch(store, url, options);
    await until(() => watched.connection()?.state === 'closed', 'the first answer ended');
    await taskEnd();
    expect(JSON.parse(storage.kept.get(recordKey(url, options))!).value).to.deep.include({ lastEventId: '3', answer: 'whole' });
    store.getState().reconnect(url, options);
    await until(() => watched.messages.length === 6 && watched.connection().state === 'closed', 'the second answer, whole');
    expect(ids(watched.messages)).to.deep.equal([...range(1, 3), ...range(1, 3)]);
    expect((await serverStats(key)).lastEventIds, 'asked again from no id').to.deep.equal([null, null]);
  });
});
