import { expect } from '@open-wc/testing';
import {
  connectionKey,
  createSseStore,
  eventSourceTransport,
  type SseMessage,
  type SseStore,
  type SseTransport,
} from '../../src/store/index.js';
import { serverStats, sleep, streamUrl, uniqueKey, until } from '../helpers.js';

const stores: SseStore[] = [];
const fastStore = (config: Parameters<typeof createSseStore>[0] = {}) => {
  const store = createSseStore({ backoff: { base: 40, cap: 200 }, ...config });
  stores.push(store);
  return store;
};

describe('sse-kit/store over real HTTP', () => {
  afterEach(async () => {
    // Nothing a test opened may outlive it: pages share six connections per origin.
    await sleep(0);
    for (const store of stores.splice(0)) expect(store.getState().connections).to.deep.equal({});
  });

  it('shares one connection among every holder of a URL and counts them', async () => {
    const key = uniqueKey();
    const store = fastStore();
    const url = streamUrl({ key, count: 1 });
    const releases = [
      store.getState().listen(url, 'message', () => {}),
      store.getState().listen(new URL(url, location.href).href, 'message', () => {}),
      store.getState().retain(url),
    ];
    const connection = () => store.getState().connections[connectionKey(url)];
    expect(connection().refCount).to.equal(3);
    await until(() => connection().state === 'open', 'open');
    const stats = await serverStats(key);
    expect(stats.requests).to.equal(1);
    expect(stats.open).to.equal(1);
    for (const release of releases) release();
  });

  it('closes the stream after the last release and removes the key', async () => {
    const key = uniqueKey();
    const store = fastStore();
    const url = streamUrl({ key, count: 1 });
    const first = store.getState().retain(url);
    const second = store.getState().retain(url);
    await until(async () => (await serverStats(key)).open === 1, 'server sees the stream');
    first();
    await sleep(0);
    expect(store.getState().connections[connectionKey(url)].refCount).to.equal(1);
    second();
    expect(store.getState().connections[connectionKey(url)].refCount).to.equal(0);
    await sleep(0);
    expect(store.getState().connections).to.deep.equal({});
    await until(async () => (await serverStats(key)).open === 0, 'server sees the stream closed');
  });

  it('keeps the stream when the last holder is replaced within the same task (an element moved)', async () => {
    const key = uniqueKey();
    const store = fastStore();
    const url = streamUrl({ key, count: 1 });
    const release = store.getState().retain(url);
    await until(() => store.getState().connections[connectionKey(url)]?.state === 'open', 'open');
    release();
    const again = store.getState().retain(url);
    await sleep(50);
    expect(store.getState().connections[connectionKey(url)].state).to.equal('open');
    const stats = await serverStats(key);
    expect(stats.requests).to.equal(1);
    expect(stats.open).to.equal(1);
    again();
  });

  it('release() is idempotent: a second call never takes another holder’s reference', async () => {
    const store = fastStore();
    const url = streamUrl({ key: uniqueKey(), count: 0 });
    const mine = store.getState().retain(url);
    const theirs = store.getState().retain(url);
    mine();
    mine();
    mine();
    await sleep(0);
    expect(store.getState().connections[connectionKey(url)].refCount).to.equal(1);
    theirs();
  });

  it('delivers named events, and several names to one listener, in order and once each', async () => {
    const store = fastStore();
    const url = streamUrl({ key: uniqueKey(), count: 9, events: 'alpha,beta,gamma' });
    const both: SseMessage[] = [];
    const gammas: SseMessage[] = [];
    const releaseBoth = store.getState().listen(url, ['alpha', 'beta', 'alpha'], (m) => both.push(m));
    const releaseGamma = store.getState().listen(url, 'gamma', (m) => gammas.push(m));
    await until(() => both.length === 6 && gammas.length === 3, 'all events');
    await sleep(50);
    expect(both.map((m) => `${m.type}:${m.data}`)).to.deep.equal(['alpha:1', 'beta:2', 'alpha:4', 'beta:5', 'alpha:7', 'beta:8']);
    expect(gammas.map((m) => m.lastEventId)).to.deep.equal(['3', '6', '9']);
    const connection = store.getState().connections[connectionKey(url)];
    expect(connection.latest.gamma.data).to.equal('9');
    expect(connection.latest.alpha.data).to.equal('7');
    expect(connection.messageCount).to.equal(9);
    expect(connection.lastEventId).to.equal('9');
    expect(gammas[0].receivedAt).to.be.closeTo(Date.now(), 5000);
    releaseBoth();
    releaseGamma();
  });

  it('keys a relative URL as its absolute form, and withCredentials apart', () => {
    const absolute = new URL('/sse/x?a=1', document.baseURI).href;
    expect(connectionKey('/sse/x?a=1')).to.equal(absolute);
    expect(connectionKey(absolute)).to.equal(absolute);
    expect(connectionKey('/sse/x?a=1', { withCredentials: true })).to.not.equal(absolute);
  });

  it('keys identities apart; a shared key holds a digest of header values and body, never the values', () => {
    const url = '/sse/x';
    expect(connectionKey(url, { identity: 'alice' })).to.not.equal(connectionKey(url, { identity: 'bob' }));
    expect(connectionKey(url, { identity: 'alice' })).to.not.equal(connectionKey(url));
    const alice = { headers: { Authorization: 'Bearer alice-token' }, body: '{"q":"secret prompt"}' };
    const bob = { headers: { authorization: 'Bearer bob-token' }, body: '{"q":"secret prompt"}' };
    // In a tab, a refreshed token keeps the key: only header names count.
    expect(connectionKey(url, alice)).to.equal(connectionKey(url, bob));
    // Across tabs (`shared`), two tokens are two connections, and no name carries a token or the body.
    const shared = [connectionKey(url, { ...alice, shared: true }), connectionKey(url, { ...bob, shared: true })];
    expect(shared[0]).to.not.equal(shared[1]);
    for (const key of shared) {
      expect(key).to.not.match(/alice-token|bob-token|secret prompt/);
      expect(key).to.match(/ digest:[0-9a-f]{16}$/);
    }
    // With an identity, the identity says who: a refreshed token keeps the connection across tabs too.
    expect(connectionKey(url, { ...alice, shared: true, identity: 'u1' })).to.equal(connectionKey(url, { ...bob, shared: true, identity: 'u1' }));
    // The same token in any header order and case is the same connection.
    const reordered = { headers: { 'x-tenant': 'acme', authorization: 'Bearer alice-token' }, shared: true };
    expect(connectionKey(url, reordered)).to.equal(connectionKey(url, { headers: { Authorization: 'Bearer alice-token', 'X-Tenant': 'acme' }, shared: true }));
  });

  it('turns an invalid URL into a closed state with an error, not an exception', async () => {
    const store = fastStore();
    const releases = [
      store.getState().listen('http://[not a host', 'message', () => {}),
      store.getState().retain('javascript:alert(1)'),
      // EventSource itself would fetch a data: URL; sse-kit refuses every scheme but http(s).
      store.getState().retain('data:text/event-stream,data: injected%0A%0A'),
    ];
    const states = Object.values(store.getState().connections);
    expect(states.map((c) => c.state)).to.deep.equal(['closed', 'closed', 'closed']);
    expect(states.map((c) => c.error?.type)).to.deep.equal(['invalid-url', 'invalid-url', 'invalid-url']);
    expect(states[1].error?.message).to.contain('only http: and https:');
    expect(states[2].error?.message).to.contain('uses data:');
    for (const release of releases) release();
  });

  it('keeps delivering to the other listeners when one throws, and reports the throw', async () => {
    const reported: string[] = [];
    const store = fastStore({ onError: (error) => reported.push(`${error.type}: ${error.message}`) });
    const url = streamUrl({ key: uniqueKey(), count: 3 });
    const got: string[] = [];
    const releases = [
      store.getState().listen(url, 'message', () => {
        throw new Error('boom');
      }),
      store.getState().listen(url, 'message', (m) => got.push(m.data)),
    ];
    await until(() => got.length === 3, 'three messages');
    expect(got).to.deep.equal(['1', '2', '3']);
    expect(reported).to.have.length(3);
    expect(reported[0]).to.equal('listener: "message" listener threw: boom');
    for (const release of releases) release();
  });

  it('retries with backoff after HTTP 500s, exposing attempt and retryAt, then recovers', async () => {
    const key = uniqueKey();
    const store = fastStore();
    const url = streamUrl({ key, fail: 2, count: 2 });
    const seen: { state: string; attempt: number; retryAt: number | null; error: string | null }[] = [];
    const unsubscribe = store.subscribe((s) => {
      const c = s.connections[connectionKey(url)];
      if (c) seen.push({ state: c.state, attempt: c.attempt, retryAt: c.retryAt, error: c.error?.type ?? null });
    });
    const got: string[] = [];
    const release = store.getState().listen(url, 'message', (m) => got.push(m.data));
    await until(() => got.length === 2, 'messages after recovery');
    unsubscribe();
    const waits = seen.filter((s) => s.retryAt !== null);
    expect(waits.map((s) => s.attempt)).to.deep.equal([1, 2]);
    expect(waits.every((s) => s.state === 'reconnecting' && s.error === 'refused')).to.equal(true);
    const open = seen.find((s) => s.state === 'open')!;
    expect(open).to.deep.equal({ state: 'open', attempt: 0, retryAt: null, error: null });
    expect((await serverStats(key)).statuses).to.deep.equal([500, 500, 200]);
    release();
  });

  it('gives up after maxRetries with a readable error, and reconnect() tries again', async () => {
    const key = uniqueKey();
    const store = fastStore({ backoff: { base: 20, cap: 40, maxRetries: 2 } });
    const url = streamUrl({ key, fail: 3, count: 1 });
    const release = store.getState().retain(url);
    const connection = () => store.getState().connections[connectionKey(url)];
    await until(() => connection().state === 'closed', 'closed after retries');
    expect(connection().error?.type).to.equal('retries-exhausted');
    expect(connection().error?.message).to.match(/^Gave up after 2 retries\. Refused: HTTP error/);
    expect(connection().retryAt).to.equal(null);
    expect((await serverStats(key)).requests).to.equal(3);
    store.getState().reconnect(url);
    await until(() => connection().state === 'open', 'open after reconnect()');
    expect(connection().error).to.equal(null);
    release();
  });

  it('retries at once when the browser reports the network is back', async () => {
    const key = uniqueKey();
    const store = fastStore({ backoff: { base: 60_000, cap: 60_000 }, random: () => 0.99 });
    const url = streamUrl({ key, fail: 1, count: 1 });
    const release = store.getState().retain(url);
    const connection = () => store.getState().connections[connectionKey(url)];
    await until(() => connection().retryAt !== null, 'waiting on backoff');
    expect(connection().retryAt! - Date.now()).to.be.greaterThan(30_000);
    window.dispatchEvent(new Event('online'));
    // Within 10 s of `online`: the backoff would wait more than 30 s.
    await until(() => connection().state === 'open', { for: 'open right after online', seen: () => connection() });
    release();
  });

  it('resumes a dropped stream with Last-Event-ID: no event lost, none repeated', async () => {
    const key = uniqueKey();
    const store = fastStore();
    // The server ends the response after every 3 events; the browser reconnects by itself.
    const url = streamUrl({ key, count: 10, drop: 3, retry: 20 });
    const ids: string[] = [];
    const states = new Set<string>();
    const unsubscribe = store.subscribe((s) => states.add(s.connections[connectionKey(url)]?.state ?? ''));
    const release = store.getState().listen(url, 'message', (m) => ids.push(m.lastEventId));
    await until(() => ids.length >= 10, 'ten events');
    await sleep(100);
    unsubscribe();
    expect(ids).to.deep.equal(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(states.has('reconnecting')).to.equal(true);
    const stats = await serverStats(key);
    expect(stats.lastEventIds).to.deep.equal([null, '3', '6', '9']);
    release();
  });

  it('never delivers a message to a released listener, even mid-stream', async () => {
    const store = fastStore();
    const url = streamUrl({ key: uniqueKey(), count: 50, interval: 5 });
    const late: string[] = [];
    const kept: string[] = [];
    const keep = store.getState().listen(url, 'message', (m) => kept.push(m.data));
    const release = store.getState().listen(url, 'message', (m) => {
      late.push(m.data);
      if (late.length === 3) release();
    });
    await until(() => kept.length === 50, 'all fifty');
    expect(late).to.deep.equal(['1', '2', '3']);
    keep();
  });

  it('makes connections through an injected transport', async () => {
    const calls: string[] = [];
    // A wrapper around the real EventSource transport: what a fetch-based or cross-tab one would plug into.
    const recording: SseTransport = {
      supported: true,
      connect(url, init, handlers) {
        calls.push(`connect ${new URL(url).searchParams.get('events')} ${init.withCredentials}`);
        const connection = eventSourceTransport.connect(url, init, handlers);
        return {
          subscribe: (type) => (calls.push(`subscribe ${type}`), connection.subscribe(type)),
          close: () => (calls.push('close'), connection.close()),
        };
      },
    };
    const store = fastStore({ transport: recording });
    const url = streamUrl({ key: uniqueKey(), count: 2, events: 'custom' });
    const got: string[] = [];
    const release = store.getState().listen(url, 'custom', (m) => got.push(m.data));
    await until(() => got.length === 2, 'events through the injected transport');
    release();
    await sleep(0);
    expect(calls).to.deep.equal(['connect custom false', 'subscribe custom', 'close']);
  });

  it('reports a transport that cannot work here as closed/unsupported', () => {
    const store = fastStore({ transport: { supported: false, connect: eventSourceTransport.connect } });
    const release = store.getState().retain(streamUrl({ key: uniqueKey() }));
    const [connection] = Object.values(store.getState().connections);
    expect(connection.state).to.equal('closed');
    expect(connection.error).to.deep.equal({ type: 'unsupported', message: 'No EventSource here' });
    release();
  });
});
