// After the last release nothing of a connection may survive: no timer fires a request, no listener
// is called, no state is written. And a connection replaced by a reconnect never delivers a late message.
import { expect } from '@open-wc/testing';
import { connectionKey, createSseStore, type ConnectionOptions, type SseStore } from '../../src/store/index.js';
import { serverStats, sleep, streamUrl, timedOut, uniqueKey, until, type Waiting } from '../helpers.js';

interface Phase {
  name: string;
  params: Record<string, string | number>;
  options?: ConnectionOptions;
  /** What the connection is doing when it is released (each recurs, so a late look still finds it). */
  ready(store: SseStore, key: string): boolean;
  /** Puts the connection in its phase, once the server has seen its first request. */
  enter?(): void;
  after?(): void;
}

const state = (store: SseStore, key: string) => store.getState().connections[key];

/**
 * Resolves once the store shows `ready`, in the microtask after the write that made it so (before any timer
 * can move the connection on), or at once when it already does. A poll could look only between phases: a
 * 150 ms connect timeout and a 300 ms backoff, on a loaded machine, can take turns for ever between two looks.
 */
function reached(store: SseStore, ready: () => boolean, waiting: Waiting, timeout = 10_000): Promise<void> {
  if (ready()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const unsubscribe = store.subscribe(() => {
      if (!ready()) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
    const timer = setTimeout(() => {
      unsubscribe();
      void timedOut(waiting, timeout).then(reject);
    }, timeout);
  });
}

function setVisibility(value: DocumentVisibilityState) {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => value });
  document.dispatchEvent(new Event('visibilitychange'));
}

const phases: Phase[] = [
  {
    name: 'waiting on backoff',
    params: { fail: 100 },
    ready: (store, key) => state(store, key)?.retryAt != null,
  },
  {
    name: 'connecting to a server that never answers (connect timeout armed)',
    params: { fail: 100, as: 'hang' },
    options: { connectTimeout: 150 },
    // An attempt in flight: `connecting` the first time, `reconnecting` with no retry scheduled after.
    ready: (store, key) => ['connecting', 'reconnecting'].includes(state(store, key)?.state ?? '') && state(store, key)?.retryAt === null,
  },
  {
    name: 'open with the stall watchdog armed',
    params: { count: 1 },
    options: { staleAfter: 150 },
    ready: (store, key) => state(store, key)?.state === 'open' && state(store, key)!.messageCount > 0,
  },
  {
    name: "waiting on the browser's own reconnect",
    params: { count: 10, drop: 1, retry: 300 },
    ready: (store, key) => state(store, key)?.state === 'reconnecting',
  },
  {
    name: 'paused in a hidden page',
    params: { count: 100, interval: 50 },
    options: { pauseWhenHidden: 50 },
    // Hidden only once the request is out: a page hidden from the start may pause before it asks at all.
    enter: () => setVisibility('hidden'),
    ready: (store, key) => state(store, key)?.state === 'paused',
    after() {
      setVisibility('visible');
      delete (document as { visibilityState?: unknown }).visibilityState;
    },
  },
];

describe('no zombies', () => {
  for (const transport of ['eventsource', 'fetch'] as const)
  for (const phase of phases) {
    it(`${transport}: releasing while ${phase.name} leaves no request, callback or state behind`, async () => {
      const key = uniqueKey('zombie');
      const url = streamUrl({ key, ...phase.params });
      const store = createSseStore({ backoff: { base: 300, cap: 300 }, random: () => 1, onError: () => {} });
      const options: ConnectionOptions = { ...phase.options, transport };
      let calls = 0;
      let writes = 0;
      const connection = () => state(store, connectionKey(url, options));
      try {
        const release = store.getState().listen(url, 'message', () => calls++, options);
        await until(async () => (await serverStats(key)).requests > 0, { for: 'the server to see the request', seen: () => connection() });
        phase.enter?.();
        await reached(store, () => phase.ready(store, connectionKey(url, options)), { for: phase.name, seen: () => connection() });
        release();
        await sleep(0);
        const seenCalls = calls;
        store.subscribe(() => writes++);
        // Every signal that could revive a connection: the network, visibility, and time past every timer
        // (this page's own timers, the longest 300 ms, fire in order before this one however late).
        window.dispatchEvent(new Event('online'));
        phase.after?.();
        await sleep(1500);
        // A request made before the release (a connect in flight) has reached the server by now; from here on,
        // a connection that lived on would keep asking (every 150-450 ms in each phase): none may come.
        const settled = await serverStats(key);
        await sleep(800);
        const stats = await serverStats(key);
        expect(stats.requests, `requests after release (${settled.requests} once the release settled)`).to.equal(settled.requests);
        expect(stats.open, 'streams still open').to.equal(0);
        expect(calls, 'listener calls after release').to.equal(seenCalls);
        expect(writes, 'state writes after release').to.equal(0);
        expect(store.getState().connections).to.deep.equal({});
      } finally {
        phase.after?.();
      }
    });
  }

  for (const transport of ['eventsource', 'fetch'] as const)
  it(`${transport}: a connection replaced by reconnect() never delivers a late message: ids stay contiguous`, async function () {
    // Fifteen round trips to the server and back: seconds on a loaded machine.
    this.timeout(60_000);
    const key = uniqueKey('replace');
    const url = streamUrl({ key, count: 400, interval: 2 });
    // The fetch transport resends Last-Event-ID itself; EventSource needs the query parameter.
    const options: ConnectionOptions = transport == 'fetch' ? { transport } : { resumeParam: 'lastEventID' };
    const store = createSseStore({ onError: () => {} });
    const ids: number[] = [];
    const release = store.getState().listen(url, 'message', (message) => ids.push(Number(message.lastEventId)), options);
    for (let i = 0; i < 15; i++) {
      await until(() => ids.length > i * 20, 'more events');
      store.getState().reconnect(url, options);
      // Each reopen reaches the server before the next: an EventSource closed soon after it was made may
      // never send its request (in the same task in every engine, after a 0 ms timeout still in Firefox),
      // so two reconnects close together could count as one (seen once in WebKit).
      await until(async () => (await serverStats(key)).requests === i + 2, 'the server saw the reopen');
    }
    await until(() => ids.at(-1) === 400, 'the last event', 10_000);
    expect(ids).to.deep.equal(Array.from({ length: 400 }, (_, i) => i + 1));
    expect((await serverStats(key)).requests).to.equal(16);
    release();
  });
});
