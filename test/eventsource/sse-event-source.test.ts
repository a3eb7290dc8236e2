// SseEventSource against the project's real SSE endpoints (server/chaos.js): the WHATWG interface, events
// dispatched from tasks in a native EventSource's order, and instances sharing one connection.
import { expect } from '@open-wc/testing';
import { connectionKey, type SseStore } from '../../src/store/index.js';
import { SseEventSource, type SseEventSourceInit } from '../../src/eventsource/index.js';
import { base64url, serverStats, sleep, streamUrl, uniqueKey, until } from '../helpers.js';
import { fastStore, releaseAndCheck } from '../store/watch.js';
import { record, said } from './record.js';

/** Every instance a test made, closed after it whatever happened. */
const made: SseEventSource[] = [];
const open = (url: string, init: SseEventSourceInit = {}) => {
  const source = new SseEventSource(url, init);
  made.push(source);
  return source;
};
/** The options SseEventSource gives the store by default, for reading its connection's state. */
const NATIVE = { reconnect: 'native', connectTimeout: 0 } as const;
const connection = (store: SseStore, url: string) => store.getState().connections[connectionKey(url, NATIVE)];

describe('SseEventSource', () => {
  afterEach(async () => {
    for (const source of made.splice(0)) source.close();
    await releaseAndCheck();
  });

  describe('the interface', () => {
    it('throws a SyntaxError DOMException for a URL that does not parse, and a TypeError without one', () => {
      let thrown: unknown;
      try {
        new SseEventSource('http://[::1', { store: fastStore() });
      } catch (error) {
        thrown = error;
      }
      expect(thrown, 'what the constructor threw').to.be.instanceOf(DOMException);
      expect((thrown as DOMException).name).to.equal('SyntaxError');
      expect(() => new (SseEventSource as unknown as new () => unknown)()).to.throw(TypeError);
    });

    it('resolves its url, starts CONNECTING, and has the constants on the class and on instances', () => {
      const source = open('/sse/chaos/stream?key=never&count=0', { store: fastStore() });
      expect(source.url).to.equal(new URL('/sse/chaos/stream?key=never&count=0', document.baseURI).href);
      expect(source.readyState).to.equal(0);
      expect(source.withCredentials).to.equal(false);
      expect([SseEventSource.CONNECTING, SseEventSource.OPEN, SseEventSource.CLOSED]).to.deep.equal([0, 1, 2]);
      expect([source.CONNECTING, source.OPEN, source.CLOSED]).to.deep.equal([0, 1, 2]);
      expect(source).to.be.instanceOf(EventTarget);
    });

    it('dispatches open and messages as MessageEvents with data, lastEventId and origin; named events to their listeners', async () => {
      const key = uniqueKey('named');
      const source = open(streamUrl({ key, count: 3, events: 'a,b' }), { store: fastStore() });
      const recording = record(source, ['a', 'b', 'message']);
      await until(() => recording.messages.length === 3, said('three named events', recording));
      expect(recording.lines).to.deep.equal(['open 1', 'a 1 1 id=1', 'b 1 2 id=2', 'a 1 3 id=3']);
      const [first] = recording.messages;
      expect(first).to.be.instanceOf(MessageEvent);
      expect(first.origin).to.equal(location.origin);
      expect([first.bubbles, first.cancelable]).to.deep.equal([false, false]);
    });

    it('onmessage, onopen and onerror are event handler attributes: one value each, in their place among the listeners', async () => {
      const key = uniqueKey('handlers');
      const source = open(streamUrl({ key, count: 2, interval: 150 }), { store: fastStore() });
      const calls: string[] = [];
      source.addEventListener('message', () => calls.push('first listener'));
      source.onmessage = () => calls.push('replaced handler');
      source.onmessage = function (this: EventSource, event) {
        calls.push(`handler ${event.data} ${this === (source as EventSource)}`);
      };
      source.addEventListener('message', () => calls.push('last listener'));
      let opened = 0;
      source.onopen = () => (opened += 1);
      expect(source.onmessage).to.be.a('function');
      await until(() => calls.length === 3, `the first event's three calls; saw ${JSON.stringify(calls)}`);
      expect(calls).to.deep.equal(['first listener', 'handler 1 true', 'last listener']);
      // Removed and set again: the handler's listener is now the last.
      source.onmessage = null;
      source.onmessage = (event) => calls.push(`new handler ${event.data}`);
      await until(() => calls.length === 6, `the second event's calls; saw ${JSON.stringify(calls)}`);
      expect(calls.slice(3)).to.deep.equal(['first listener', 'last listener', 'new handler 2']);
      expect(opened).to.equal(1);
      expect(source.onerror).to.equal(null);
    });
  });

  describe('tasks', () => {
    it('never dispatches inside the constructor, a microtask, or another instance’s dispatch', async () => {
      const store = fastStore();
      const url = streamUrl({ key: uniqueKey('tasks'), count: 1_000, interval: 100 });
      const first = open(url, { store });
      const opens: string[] = [];
      const order: string[] = [];
      let constructing = true;
      first.onopen = () => opens.push(`first (constructing: ${constructing})`);
      constructing = false;
      first.onmessage = (event) => {
        order.push(`first ${event.data}`);
        // The page's microtasks run between two instances' events, as between two native EventSources'.
        queueMicrotask(() => order.push(`first ${event.data} microtask`));
      };
      await until(() => first.readyState === 1, 'the first instance open');
      // Joining an open connection: its own open, from a task (after this microtask), not from the constructor.
      let microtaskRan = false;
      const second = open(url, { store });
      queueMicrotask(() => (microtaskRan = true));
      second.onopen = () => opens.push(`second (after the microtask: ${microtaskRan})`);
      const secondGot: number[] = [];
      second.onmessage = (event) => {
        secondGot.push(Number(event.data));
        order.push(`second ${event.data}`);
      };
      await until(() => secondGot.length >= 2, `two events in the second instance; saw ${JSON.stringify(order)}`);
      expect(opens).to.deep.equal(['first (constructing: false)', 'second (after the microtask: true)']);
      const [n] = secondGot;
      const fromN = order.slice(order.indexOf(`first ${n}`), order.indexOf(`second ${n + 1}`) + 1);
      expect(fromN).to.deep.equal([`first ${n}`, `first ${n} microtask`, `second ${n}`, `first ${n + 1}`, `first ${n + 1} microtask`, `second ${n + 1}`]);
    });

    it('close() dispatches nothing more, even an event already queued for this instance', async () => {
      const store = fastStore();
      const url = streamUrl({ key: uniqueKey('close'), count: 3, interval: 100 });
      // `closer` holds first, so its task for each event runs before `closed`'s.
      const closer = open(url, { store });
      const closed = open(url, { store });
      const seen: string[] = [];
      closer.onmessage = (event) => {
        seen.push(`closer ${event.data}`);
        if (event.data === '2') closed.close();
      };
      closed.onmessage = (event) => seen.push(`closed ${event.data}`);
      closed.onerror = () => seen.push('closed error');
      await until(() => seen.includes('closer 3'), `the third event; saw ${JSON.stringify(seen)}`);
      expect(seen).to.deep.equal(['closer 1', 'closed 1', 'closer 2', 'closer 3']);
      expect(closed.readyState).to.equal(2);
      expect(closer.readyState).to.equal(1);
    });
  });

  describe('one connection', () => {
    it('50 instances on one URL make one request, and close() releases only its own hold', async () => {
      const store = fastStore();
      const key = uniqueKey('fifty');
      const url = streamUrl({ key, count: 1_000, interval: 50 });
      const sources = Array.from({ length: 50 }, () => open(url, { store }));
      const received = sources.map(() => 0);
      sources.forEach((source, i) => source.addEventListener('message', () => (received[i] += 1)));
      await until(() => received.every((n) => n >= 2), `every instance's second event; saw ${received}`);
      expect((await serverStats(key)).requests, 'requests').to.equal(1);
      expect(connection(store, url).refCount).to.equal(50);
      for (const source of sources.slice(0, 49)) source.close();
      expect(connection(store, url).refCount).to.equal(1);
      const before = received[49];
      await until(() => received[49] >= before + 2, 'the last instance still receiving');
      expect((await serverStats(key)).open, 'streams open').to.equal(1);
      sources[49].close();
      await until(async () => (await serverStats(key)).open === 0, 'the stream closed with the last instance');
    });

    it('an instance that joins an open connection gets its own open; one made on a connection closed for good makes a new request', async () => {
      const store = fastStore();
      const key = uniqueKey('refused');
      // The first request answers 500: a native EventSource closes for good; the second request works.
      const url = streamUrl({ key, fail: 1, status: 500, count: 2 });
      const holder = store.getState().retain(url, NATIVE);
      try {
        const first = open(url, { store });
        const failed = record(first);
        await until(() => failed.lines.length === 1, said('an error', failed));
        expect(failed.lines).to.deep.equal(['error 2']);
        expect(connection(store, url).state).to.equal('closed');
        // Still held (by `holder`), still closed: a new instance asks again, as a native one would.
        const second = open(url, { store });
        const reopened = record(second);
        await until(() => reopened.messages.length === 2, said('two events', reopened));
        expect(reopened.lines).to.deep.equal(['open 1', 'message 1 1 id=1', 'message 1 2 id=2']);
        expect((await serverStats(key)).statuses).to.deep.equal([500, 200]);
        expect(first.readyState, 'the failed instance stays closed').to.equal(2);
      } finally {
        holder();
      }
    });

    it('withCredentials keys apart only where it changes the request: another origin', async () => {
      const store = fastStore();
      const key = uniqueKey('credentials');
      const path = streamUrl({ key, count: 1_000, interval: 50 });
      const withCookies = open(path, { store, withCredentials: true });
      const without = open(path, { store });
      expect([withCookies.withCredentials, without.withCredentials]).to.deep.equal([true, false]);
      await until(() => withCookies.readyState === 1 && without.readyState === 1, 'both open');
      expect((await serverStats(key)).requests, 'same-origin requests').to.equal(1);

      const otherHost = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
      const crossKey = uniqueKey('cross');
      const cross = `http://${otherHost}:${location.port}${streamUrl({ key: crossKey, count: 1_000, interval: 50 })}`;
      const crossWithCookies = open(cross, { store, withCredentials: true });
      const crossWithout = open(cross, { store });
      // The server answers `Access-Control-Allow-Origin: *`, which a request with credentials may not read.
      await until(() => crossWithCookies.readyState === 2 && crossWithout.readyState === 1, 'the credentialed one refused, the other open');
      expect((await serverStats(crossKey)).requests, 'cross-origin requests').to.equal(2);
    });
  });

  describe('sse-kit options', () => {
    it('headers go over fetch, made fresh for every attempt; shared holds one connection for every tab', async () => {
      const store = fastStore();
      const key = uniqueKey('headers');
      let tokens = 0;
      const source = open(streamUrl({ key, count: 4, drop: 2, retry: 30 }), { store, headers: () => ({ authorization: `Bearer ${++tokens}` }) });
      const recording = record(source);
      await until(() => recording.messages.length === 4, said('four events over two responses', recording));
      const stats = await serverStats(key);
      expect(stats.authorization.slice(0, 2)).to.deep.equal(['Bearer 1', 'Bearer 2']);
      expect(stats.lastEventIds.slice(0, 2)).to.deep.equal([null, '2']);

      const sharedKey = uniqueKey('shared');
      const shared = open(streamUrl({ key: sharedKey, count: 2 }), { store, shared: true });
      const sharedRecording = record(shared);
      await until(() => sharedRecording.messages.length === 2, said('two events', sharedRecording));
      expect(sharedRecording.lines).to.deep.equal(['open 1', 'message 1 1 id=1', 'message 1 2 id=2']);
    });
  });

  describe('replay', () => {
    it('an instance that joins an open connection gets the newest of the names it asked to replay, after its open', async () => {
      const store = fastStore();
      const chunks = ['event: hello\ndata: hi\n\n', 'data: 1\n\n'].map(base64url).join(',');
      const url = `/sse/chaos/raw?key=${uniqueKey('replay')}&gap=10&chunks=${chunks}`;
      const first = open(url, { store });
      const greeted = record(first, ['hello', 'message']);
      await until(() => greeted.messages.length === 2, said('the greeting and one event', greeted));
      await sleep(0);
      const late = open(url, { store, replay: ['hello'] });
      const replayed = record(late, ['hello', 'message']);
      const plain = record(open(url, { store }), ['hello', 'message']);
      await until(() => replayed.lines.length === 2 && plain.lines.length === 1, said('its open and the greeting', replayed));
      expect(replayed.lines).to.deep.equal(['open 1', 'hello 1 hi id=']);
      expect(plain.lines, 'without replay').to.deep.equal(['open 1']);
    });
  });

  describe('reconnection', () => {
    it('by default as a native EventSource: a drop is error (CONNECTING) then open after the server’s retry, resuming from the last id', async () => {
      const key = uniqueKey('drop');
      // Two events a response, three in all: the second response stays open after event 3.
      const source = open(streamUrl({ key, count: 3, drop: 2, retry: 50 }), { store: fastStore() });
      const recording = record(source);
      await until(() => recording.messages.length === 3, said('three events', recording));
      expect(recording.lines).to.deep.equal(['open 1', 'message 1 1 id=1', 'message 1 2 id=2', 'error 0', 'open 1', 'message 1 3 id=3']);
      expect((await serverStats(key)).lastEventIds).to.deep.equal([null, '2']);
    });

    for (const [what, query] of [
      ['an HTTP 503', { fail: 1, status: 503 }],
      ['another content type', { fail: 1, as: 'wrong-type' }],
    ] as const) {
      it(`by default, ${what} closes it for good with one error`, async () => {
        const key = uniqueKey('refusal');
        const source = open(streamUrl({ key, count: 2, ...query }), { store: fastStore() });
        const recording = record(source);
        await until(() => recording.lines.length === 1, said('an error', recording));
        await sleep(300);
        expect(recording.lines).to.deep.equal(['error 2']);
        expect((await serverStats(key)).requests).to.equal(1);
      });
    }

    it("with reconnect: 'backoff', HTTP errors are retried, each an error while CONNECTING, and a 404 (seen over fetch) closes it", async () => {
      const store = fastStore();
      const key = uniqueKey('backoff');
      const source = open(streamUrl({ key, count: 2, fail: 2, status: 503 }), { store, reconnect: 'backoff' });
      const recording = record(source);
      await until(() => recording.messages.length === 2, said('two events after two 503s', recording));
      expect(recording.lines).to.deep.equal(['error 0', 'error 0', 'open 1', 'message 1 1 id=1', 'message 1 2 id=2']);

      const notFound = open(streamUrl({ key: uniqueKey('404'), count: 2, fail: 5, status: 404 }), { store, reconnect: 'backoff', transport: 'fetch' });
      const refused = record(notFound);
      await until(() => refused.lines.length === 1, said('an error', refused));
      expect(refused.lines).to.deep.equal(['error 2']);
    });
  });
});
