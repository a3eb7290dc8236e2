// The Vue and Svelte adapters in Node, through the package's own `exports` (the built dist), against the
// project's SSE server over real HTTP: Node has no EventSource, so the connections use the fetch transport.
// The server's own stats (`/sse/chaos/stats`) say whether a stream is open. React's hooks need a DOM to
// run their effects; the React example (scripts/examples.js) drives them in Chromium.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, afterEach, before, describe, test as nodeTest } from 'node:test';
import { createSseStore, defineStream } from 'sse-kit/store';
import { sseConnection, sseError, sseEvent, sseEvents, sseReduce } from 'sse-kit/svelte';
import { isCustomElement, useSseConnection, useSseError, useSseEvent, useSseEvents, useSseReduce } from 'sse-kit/vue';
import { effectScope, nextTick, ref } from 'vue';
import * as v from 'valibot';
import { z } from 'zod';
import { createSseServer } from '../../server/index.js';
import { until } from '../../scripts/until.js';

const sse = createSseServer();
const server = createServer((req, res) => {
  if (!sse.handle(req, res)) res.writeHead(404).end();
});
let base = '';
before(async () => {
  await new Promise((done) => server.listen(0, '127.0.0.1', () => done(undefined)));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
after(() => {
  sse.close();
  server.closeAllConnections();
  server.close();
});

/** What a test holds, let go even when it fails: an open stream would keep Node (and the run) alive. */
/** @type {(() => void)[]} */
const cleanups = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));
/**
 * @param {string} name
 * @param {() => void | Promise<void>} body
 */
const test = (name, body) => nodeTest(name, { timeout: 20_000 }, body);

let keys = 0;
/**
 * A stream of its own: `tick` events every 20 ms, counted by the server under `key`.
 * @param {string} name
 */
const stream = (name) => {
  const key = `${name}-${++keys}`;
  return { key, url: `${base}/sse/chaos/stream?key=${key}&events=tick&interval=20&count=100000` };
};
/**
 * @param {string} key
 * @returns {Promise<{ requests: number, open: number }>}
 */
const stats = (key) => fetch(`${base}/sse/chaos/stats?key=${key}`).then((response) => response.json());
const fetchOnly = { transport: /** @type {const} */ ('fetch') };

/** A real store whose `listen` and `retain` are counted, to see when an adapter takes the connection again. */
function countingStore() {
  const store = createSseStore();
  const calls = { holds: 0 };
  const { listen, retain } = store.getState();
  store.setState({
    listen: (...args) => (calls.holds++, listen(...args)),
    retain: (...args) => (calls.holds++, retain(...args)),
  });
  return { store, calls };
}

describe('sse-kit/svelte', () => {
  test('a subscriber gets the current value at once, then each tick; the last unsubscribe closes the stream', async () => {
    const { key, url } = stream('svelte');
    const store = createSseStore();
    const tick = sseEvent(url, 'tick', { ...fetchOnly, store });
    /** @type {(string | undefined)[]} */
    const seen = [];
    const unsubscribe = tick.subscribe((message) => seen.push(message?.data));
    cleanups.push(unsubscribe);
    assert.deepEqual(seen, [undefined], 'called synchronously with the current value, as the store contract asks');
    await until(() => seen.length >= 4, 'three ticks');
    assert.deepEqual(seen.slice(1, 4), ['1', '2', '3']);
    assert.equal((await stats(key)).open, 1);
    unsubscribe();
    await until(async () => (await stats(key)).open === 0, 'the server to see the stream closed');
    assert.deepEqual(store.getState().connections, {});
  });

  test('two subscribers hold the connection once, and it stays open until both leave', async () => {
    const { key, url } = stream('svelte-two');
    const store = createSseStore();
    const connection = sseConnection(url, { ...fetchOnly, store });
    /** @type {(string | undefined)[]} */
    const states = [];
    const first = connection.subscribe((state) => states.push(state?.state));
    const second = connection.subscribe(() => {});
    cleanups.push(first, second);
    await until(() => states.includes('open'), 'open');
    const [held] = Object.values(store.getState().connections);
    assert.equal(held.refCount, 1, 'one holder for the store, however many subscribers');
    first();
    await new Promise((done) => setTimeout(done, 50));
    assert.equal((await stats(key)).open, 1, 'still open for the second subscriber');
    second();
    await until(async () => (await stats(key)).open === 0, 'the server to see the stream closed');
  });

  test('changes reach subscribers from a microtask, never inside the store write, and one per task', async () => {
    const store = createSseStore();
    const url = 'http://127.0.0.1:9/never-opened';
    const connection = sseConnection(url, { store, connectTimeout: 0 });
    /** @type {(import('sse-kit/store').ConnectionState | undefined)[]} */
    const seen = [];
    const unsubscribe = connection.subscribe((state) => seen.push(state));
    cleanups.push(unsubscribe);
    assert.equal(seen.length, 1);
    const key = Object.keys(store.getState().connections)[0];
    const write = (/** @type {boolean} */ offline) => store.setState((s) => ({ connections: { ...s.connections, [key]: { ...s.connections[key], offline } } }));
    write(true);
    write(false);
    write(true);
    assert.equal(seen.length, 1, 'nothing is delivered during the writes (a Svelte effect may be running)');
    await Promise.resolve();
    assert.equal(seen.length, 2, 'three writes in one task: one delivery, from a microtask');
    assert.equal(seen[1]?.offline, true, 'with the newest value');
    unsubscribe();
  });
});

describe('sse-kit/vue', () => {
  test('the ref follows the newest tick and is read-only; disposing the scope closes the stream', async () => {
    const { key, url } = stream('vue');
    const store = createSseStore();
    const scope = effectScope();
    cleanups.push(() => scope.stop());
    const tick = scope.run(() => useSseEvent(url, 'tick', { ...fetchOnly, store }));
    assert.ok(tick);
    await until(() => Number(tick.value?.data) >= 3, 'three ticks');
    assert.equal((await stats(key)).open, 1);
    const before = tick.value;
    // Its type is read-only too; this is what happens to plain JavaScript that writes anyway.
    /** @type {{ value: unknown }} */ (tick).value = undefined;
    assert.ok(tick.value === before || Number(tick.value?.data) > Number(before?.data), 'a write to the readonly ref is refused');
    scope.stop();
    await until(async () => (await stats(key)).open === 0, 'the server to see the stream closed');
    assert.deepEqual(store.getState().connections, {});
  });

  test('a ref URL moves the connection; a getter of equal options does not take it again', async () => {
    const a = stream('vue-a');
    const b = stream('vue-b');
    const { store, calls } = countingStore();
    const url = ref(/** @type {string | null} */ (a.url));
    const connectTimeout = ref(10_000);
    const scope = effectScope();
    cleanups.push(() => scope.stop());
    const state = scope.run(() => useSseConnection(url, () => ({ ...fetchOnly, store, connectTimeout: connectTimeout.value, headers: undefined })));
    assert.ok(state);
    await until(() => state.value?.state === 'open', 'open');
    assert.equal(calls.holds, 1);
    // A change the getter reads, to the same value: a new options object, the same options.
    connectTimeout.value = 20_000;
    connectTimeout.value = 10_000;
    await nextTick();
    assert.equal(calls.holds, 1, 'equal options keep the connection');
    url.value = b.url;
    await until(async () => (await stats(b.key)).open === 1 && (await stats(a.key)).open === 0, 'the stream to move from a to b');
    assert.equal(calls.holds, 2);
    assert.equal(state.value?.url, b.url);
    url.value = null;
    await nextTick();
    assert.equal(state.value, undefined, 'no URL: nothing held');
    await until(async () => (await stats(b.key)).open === 0, 'b closed');
    scope.stop();
  });

  test('isCustomElement names the sse-kit tags and nothing else', () => {
    for (const tag of ['sse-feed', 'sse-status', 'sse-source']) assert.equal(isCustomElement(tag), true, tag);
    for (const tag of ['div', 'my-element', 'sse', 'SseFeed']) assert.equal(isCustomElement(tag), false, tag);
  });
});

/**
 * A burst of `count` JSON events (`{ n, name, nested: { value } }`, every third `value` "n/a" with
 * `wrong-json`), sent at once: over fetch, one network chunk brings many, and the store writes once for them.
 * @param {string} name
 */
const burst = (name, count = 20, data = 'json') => {
  const key = `${name}-${++keys}`;
  return { key, url: `${base}/sse/chaos/stream?key=${key}&count=${count}&interval=0&data=${data}&idle=100` };
};
const Item = z.object({ n: z.number(), name: z.string(), nested: z.object({ value: z.number() }) });

describe('typed streams in the adapters', () => {
  test('svelte: sseEvents keeps every message of a fetch burst, in order, newest `max`; sseEvent has the newest, typed', async () => {
    const { url } = burst('svelte-events');
    const store = createSseStore();
    const prices = defineStream(url, { message: Item }, { ...fetchOnly, store });
    /** @type {number[][]} */
    const lists = [];
    const events = sseEvents(prices, 'message', { max: 5 });
    cleanups.push(events.subscribe((list) => lists.push(list.map((message) => message.value.n))));
    /** @type {number[]} */
    const all = [];
    cleanups.push(sseReduce(prices, 'message', (/** @type {number[]} */ seen, message) => [...seen, message.value.n], []).subscribe((seen) => all.splice(0, all.length, ...seen)));
    /** @type {(number | undefined)[]} */
    const newest = [];
    cleanups.push(sseEvent(prices, 'message').subscribe((message) => newest.push(message?.value.nested.value)));
    await until(() => all.length === 20, `all 20 folded (saw ${all.length})`);
    assert.deepEqual(all, Array.from({ length: 20 }, (_, i) => i + 1), 'every message, in order, once');
    await until(() => lists.at(-1)?.at(-1) === 20, 'the list ends on 20');
    assert.deepEqual(lists.at(-1), [16, 17, 18, 19, 20]);
    await until(() => newest.at(-1) === 200, 'the newest value');
  });

  test('svelte: a value of the wrong shape is sseError, with issues and data; the others still come', async () => {
    const { url } = burst('svelte-error', 9, 'wrong-json');
    const store = createSseStore({ onError: () => {} });
    const stream = defineStream(url, { message: v.object({ nested: v.object({ value: v.number() }) }) }, { ...fetchOnly, store });
    /** @type {(import('sse-kit/store').SseError | undefined)[]} */
    const errors = [];
    cleanups.push(sseError(stream, 'message').subscribe((error) => errors.push(error)));
    /** @type {number} */
    let total = 0;
    cleanups.push(sseReduce(stream, 'message', (/** @type {number} */ sum, message) => sum + message.value.nested.value, 0).subscribe((sum) => (total = sum)));
    await until(() => total === 10 + 20 + 40 + 50 + 70 + 80, `the valid values summed (saw ${total})`);
    await until(() => errors.at(-1)?.data?.includes('"n":9') === true, 'the last rejection');
    assert.equal(errors.at(-1)?.type, 'invalid');
    assert.deepEqual(errors.at(-1)?.issues?.[0].path, ['nested', 'value']);
    assert.equal(Object.values(store.getState().connections)[0].rejected, 3);
  });

  test('vue: useSseEvents, useSseReduce and useSseError follow a typed stream; a URL gives text', async () => {
    const { url } = burst('vue-events', 9, 'wrong-json');
    const store = createSseStore({ onError: () => {} });
    const stream = defineStream(url, { message: Item }, { ...fetchOnly, store });
    const scope = effectScope();
    cleanups.push(() => scope.stop());
    const refs = scope.run(() => ({
      events: useSseEvents(stream, 'message', { max: 3 }),
      total: useSseReduce(stream, 'message', (/** @type {number} */ sum, message) => sum + message.value.n, 0),
      error: useSseError(stream, 'message'),
      text: useSseEvents(url, 'message', { ...fetchOnly, store }),
      newest: useSseEvent(stream, 'message'),
    }));
    assert.ok(refs);
    await until(() => refs.total.value === 1 + 2 + 4 + 5 + 7 + 8, `the valid n summed (saw ${refs.total.value})`);
    assert.deepEqual(refs.events.value.map((message) => message.value.n), [5, 7, 8]);
    assert.equal(refs.error.value?.type, 'invalid');
    assert.match(refs.error.value?.data ?? '', /"n":9/);
    await until(() => refs.text.value.length === 9, 'the text list: every message, none rejected');
    assert.equal(typeof refs.text.value[0].value, 'string');
    assert.equal(refs.newest.value?.value.n, 8);
    scope.stop();
  });
});

describe('options compare by value (one fingerprint for elements and adapters)', () => {
  test('equal options in any order are one key; functions and stores by identity', async () => {
    // A variable, so TypeScript does not resolve it: the built file, which the package does not export.
    const file = '../../dist/controllers/fingerprint.js';
    /** @type {{ fingerprint: (options: unknown) => string }} */
    const { fingerprint: optionsKey } = await import(file);
    const headers = () => ({ authorization: 'x' });
    const store = createSseStore();
    assert.equal(optionsKey({ connectTimeout: 5, withCredentials: true }), optionsKey({ withCredentials: true, connectTimeout: 5 }));
    assert.equal(optionsKey({ once: undefined }), optionsKey({}));
    assert.equal(optionsKey(undefined), optionsKey({}));
    assert.equal(optionsKey({ headers: { a: '1', b: '2' } }), optionsKey({ headers: { b: '2', a: '1' } }));
    assert.notEqual(optionsKey({ headers: { a: '1' } }), optionsKey({ headers: { a: '2' } }), 'header values matter here (they are sent)');
    assert.equal(optionsKey({ headers }), optionsKey({ headers }));
    assert.notEqual(optionsKey({ headers }), optionsKey({ headers: () => ({ authorization: 'x' }) }), 'another function is another option');
    assert.equal(optionsKey({ store }), optionsKey({ store }));
    assert.notEqual(optionsKey({ store }), optionsKey({ store: createSseStore() }));
    assert.notEqual(optionsKey({ connectTimeout: 5 }), optionsKey({ connectTimeout: 6 }));
  });
});
