// The bounded set of recent event ids (src/store/seen.ts) that persist and the shared mirror use to tell a
// replayed event from a new one: pure logic, tested in Node.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSource } from './source.js';

/** @type {typeof import('../../src/store/seen.js')} */
const { SeenIds, SEEN_IDS } = await loadSource('src/store/seen.ts');

const ids = (/** @type {number} */ from, /** @type {number} */ to) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

test('remembers each id once; an id already there, or no id, is not added', () => {
  const seen = new SeenIds(['a']);
  assert.equal(seen.add('b'), true);
  assert.equal(seen.add('a'), false, 'a was there');
  assert.equal(seen.add(''), false, 'an empty id is no id');
  assert.deepEqual(seen.list(), ['a', 'b']);
  assert.equal(seen.has(''), false);
});

test(`keeps the newest ${SEEN_IDS}: the oldest is forgotten first, and the list stays oldest first`, () => {
  const seen = new SeenIds(ids(1, SEEN_IDS));
  assert.equal(seen.add(String(SEEN_IDS + 1)), true);
  assert.equal(seen.has('1'), false, 'the oldest went');
  assert.equal(seen.has('2'), true);
  for (const id of ids(SEEN_IDS + 2, 2 * SEEN_IDS + 500)) seen.add(id);
  assert.deepEqual(seen.list(), ids(SEEN_IDS + 501, 2 * SEEN_IDS + 500));
  assert.equal(seen.add(String(SEEN_IDS + 400)), true, 'an id that was forgotten counts as new');
});

test('made from more ids than it keeps, it keeps the newest; clear() forgets them all', () => {
  const seen = new SeenIds(ids(1, SEEN_IDS + 10));
  assert.deepEqual(seen.list(), ids(11, SEEN_IDS + 10));
  seen.clear();
  assert.deepEqual(seen.list(), []);
  assert.equal(seen.add('11'), true);
});
