// `sse-kit/store` in Node, as an SSR framework would load it: through the package's own `exports`
// (self-reference), from the built dist, with no window, document or EventSource.
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('sse-kit/store imports in Node without a DOM', async () => {
  assert.equal(typeof globalThis.window, 'undefined');
  assert.equal(typeof globalThis.EventSource, 'undefined');
  const store = await import('sse-kit/store');
  assert.equal(typeof store.createSseStore, 'function');
  assert.deepEqual(store.sseStore.getState().connections, {});
});

test('the store keys absolute URLs and reports a missing EventSource as state, not an exception', async () => {
  const { sseStore, connectionKey } = await import('sse-kit/store');
  assert.equal(connectionKey('http://example.test/a?b=1'), 'http://example.test/a?b=1');
  const release = sseStore.getState().retain('http://example.test/stream');
  const connection = sseStore.getState().connections['http://example.test/stream'];
  assert.equal(connection.state, 'closed');
  assert.equal(connection.error?.type, 'unsupported');
  release();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(sseStore.getState().connections, {});
});

test('a relative URL without a document is an invalid-url state, not a throw', async () => {
  const { createSseStore } = await import('sse-kit/store');
  const store = createSseStore();
  const release = store.getState().listen('/relative', 'message', () => {});
  const [connection] = Object.values(store.getState().connections);
  assert.equal(connection.state, 'closed');
  assert.equal(connection.error?.type, 'invalid-url');
  release();
});

test('shared without Web Locks (Node has BroadcastChannel, not navigator.locks) is a connection of its own, whose only error is the missing EventSource', async () => {
  const { createSseStore, connectionKey } = await import('sse-kit/store');
  const store = createSseStore();
  const release = store.getState().listen('http://example.test/shared', 'message', () => {}, { shared: true });
  const connection = store.getState().connections[connectionKey('http://example.test/shared', { shared: true })];
  assert.equal(connection.role, 'local');
  assert.equal(connection.error?.type, 'unsupported');
  release();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(store.getState().connections, {});
});

test('importing sse-kit/store pulls in no Lit and no custom element registration', async () => {
  const { readFile } = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  const seen = new Set();
  /** @param {string} url */
  const visit = async (url) => {
    if (seen.has(url)) return;
    seen.add(url);
    const source = await readFile(fileURLToPath(url), 'utf8');
    assert.doesNotMatch(source, /from ["']lit|customElements\.define/, `${url} must stay framework-free`);
    for (const [, spec] of source.matchAll(/from ["'](\.[^"']+)["']/g)) await visit(new URL(spec, url).href);
  };
  await visit(import.meta.resolve('sse-kit/store'));
  assert.ok(seen.size > 3, 'walked the store modules');
});
