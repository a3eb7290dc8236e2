// The per-message decoding step over real HTTP: each message decoded once per connection for every holder,
// with the real schema libraries (zod 4, valibot 1, arktype 2) through Standard Schema; bad data as errors
// that leave the stream open; async schemas in order.
import { expect } from '@open-wc/testing';
import * as v from 'valibot';
import { z } from 'zod';
import { defineStream, tapMessages, type SseError, type SseMessage, type SseTapEvent, type StandardSchemaV1 } from '../../src/store/index.js';
import { sleep, streamUrl, uniqueKey, until } from '../helpers.js';
import { fastStore, releaseAndCheck } from './watch.js';

/** What `data=json` sends: `{ n, name: "item n", nested: { value: n * 10 } }`; `wrong-json` makes every third `value` "n/a". */
const Item = z.object({ n: z.number(), name: z.string(), nested: z.object({ value: z.number() }) });

/** Counts JSON.parse calls on the page while `during` runs (wrapped, then put back). */
async function countingParses<T>(during: (count: () => number) => Promise<T>): Promise<T> {
  const parse = JSON.parse;
  let calls = 0;
  JSON.parse = function (this: JSON, ...args: Parameters<typeof parse>) {
    calls++;
    return parse.apply(this, args);
  } as typeof parse;
  try {
    return await during(() => calls);
  } finally {
    JSON.parse = parse;
  }
}

describe('decoding in the store', () => {
  afterEach(releaseAndCheck);

  it('zod: every holder gets the typed value; a value of the wrong shape is an `invalid` error with its issues and data, and the stream lives on', async () => {
    const errors: SseError[] = [];
    const store = fastStore({ onError: (error) => errors.push(error) });
    const url = streamUrl({ key: uniqueKey('zod'), count: 9, data: 'wrong-json' });
    const stream = defineStream(url, { message: Item }, { store });
    const got: number[] = [];
    const rejected: SseError[] = [];
    const release = stream.listen('message', (message) => got.push(message.value.nested.value), (error) => rejected.push(error));
    await until(() => store.getState().connections[stream.key]?.messageCount === 9, `9 messages (saw ${store.getState().connections[stream.key]?.messageCount})`);
    expect(got, 'only the valid values reach the listener').to.deep.equal([10, 20, 40, 50, 70, 80]);
    expect(rejected.map((error) => error.type)).to.deep.equal(['invalid', 'invalid', 'invalid']);
    const [first] = rejected;
    expect(first.data).to.equal('{"n":3,"name":"item 3","nested":{"value":"n/a"}}');
    expect(first.issues).to.have.length(1);
    expect(first.issues![0].path).to.deep.equal(['nested', 'value']);
    expect(first.issues![0].message).to.be.a('string').and.not.equal('');
    expect(first.message).to.contain('"message" does not match its schema').and.contain('nested.value');
    expect(errors.map((error) => error.type), "the store's onError hears each rejection once").to.deep.equal(['invalid', 'invalid', 'invalid']);
    const connection = store.getState().connections[stream.key];
    expect(connection.state).to.equal('open');
    expect(connection.rejected).to.equal(3);
    expect(connection.error).to.equal(null);
    // `latest` keeps the newest valid value, typed.
    expect(stream.latest(store.getState(), 'message')?.value).to.deep.equal({ n: 8, name: 'item 8', nested: { value: 80 } });
    release();
  });

  it('valibot over fetch: a burst written in one chunk reaches the listener whole and in order, each message once', async () => {
    const store = fastStore();
    const url = streamUrl({ key: uniqueKey('valibot'), count: 500, interval: 0, data: 'json' });
    const schema = v.object({ n: v.number(), name: v.string(), nested: v.object({ value: v.number() }) });
    const stream = defineStream(url, { message: schema }, { store, transport: 'fetch' });
    const got: number[] = [];
    const release = stream.listen('message', ({ value }) => got.push(value.n));
    await until(() => got.length === 500, `500 values (saw ${got.length})`);
    expect(got).to.deep.equal(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(store.getState().connections[stream.key].rejected).to.equal(0);
    release();
  });

  it('arktype: data that is not JSON is a `parse` error with the data; the next messages still come', async function () {
    // Loaded here, not with the file: its hundred-odd modules would make the page slow to start (Firefox under load).
    this.timeout(40_000);
    const { type } = await import('arktype');
    const store = fastStore();
    const url = streamUrl({ key: uniqueKey('arktype'), count: 6, data: 'bad-json' });
    const stream = defineStream(url, { message: type({ n: 'number', name: 'string' }) }, { store });
    const got: string[] = [];
    const rejected: SseError[] = [];
    const release = stream.listen('message', ({ value }) => got.push(value.name), (error) => rejected.push(error));
    await until(() => store.getState().connections[stream.key]?.messageCount === 6, 'six messages');
    expect(got).to.deep.equal(['item 1', 'item 3', 'item 5']);
    expect(rejected.map(({ type, data }) => `${type} ${data}`)).to.deep.equal(['parse {not json 2', 'parse {not json 4', 'parse {not json 6']);
    expect(rejected[0].message).to.contain('"message" is not JSON');
    // And arktype's own issues, for a value of the wrong shape.
    const strict = defineStream(streamUrl({ key: uniqueKey('arktype'), count: 3, data: 'wrong-json' }), { message: type({ nested: { value: 'number' } }) }, { store });
    const issues: SseError[] = [];
    const releaseStrict = strict.listen('message', () => {}, (error) => issues.push(error));
    await until(() => issues.length === 1, 'the third message rejected');
    expect(issues[0].type).to.equal('invalid');
    expect(issues[0].issues![0].path).to.deep.equal(['nested', 'value']);
    release();
    releaseStrict();
  });

  it('parses JSON once per message and runs each distinct decoder once, for 20 holders of one event', async () => {
    const store = fastStore();
    const url = streamUrl({ key: uniqueKey('once'), count: 50, interval: 0, data: 'json' });
    let validations = 0;
    const counted: StandardSchemaV1<unknown, { n: number }> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate(value) {
          validations++;
          return Item['~standard'].validate(value);
        },
      },
    };
    const got = { json: 0, schema: 0, text: 0 };
    const values = new Set<unknown>();
    await countingParses(async (parses) => {
      const releases = [
        ...Array.from({ length: 10 }, () => store.getState().listen(url, { message: 'json' }, ({ value }) => (got.json++, values.add(value)))),
        ...Array.from({ length: 10 }, () => defineStream(url, { message: counted }, { store }).listen('message', () => got.schema++)),
        store.getState().listen(url, 'message', ({ value, data }) => (got.text++, expect(value).to.equal(data))),
      ];
      await until(() => got.text === 50, `50 messages (saw ${got.text})`);
      expect(parses(), 'JSON.parse calls for 50 messages and 20 JSON holders').to.equal(50);
      releases.forEach((release) => release());
    });
    expect(validations, 'one validation per message').to.equal(50);
    expect(got).to.deep.equal({ json: 500, schema: 500, text: 50 });
    expect(values.size, 'the ten JSON holders share one value per message').to.equal(50);
  });

  it('a decoder function gets the data and the message; one that throws is a `parse` error', async () => {
    const store = fastStore();
    const url = streamUrl({ key: uniqueKey('function'), count: 4 });
    const stream = defineStream(
      url,
      {
        message: (data, message) => {
          if (data === '3') throw new Error('three is not allowed');
          return { double: Number(data) * 2, id: message.lastEventId };
        },
      },
      { store },
    );
    const got: { double: number; id: string }[] = [];
    const rejected: SseError[] = [];
    const release = stream.listen('message', ({ value }) => got.push(value), (error) => rejected.push(error));
    await until(() => got.length + rejected.length === 4, 'four messages');
    expect(got).to.deep.equal([
      { double: 2, id: '1' },
      { double: 4, id: '2' },
      { double: 8, id: '4' },
    ]);
    expect(rejected).to.have.length(1);
    expect(rejected[0]).to.include({ type: 'parse', data: '3' });
    expect(rejected[0].message).to.contain('three is not allowed');
    release();
  });

  it('an async schema keeps the order: a slow validation never lets a later message pass it, and `latest` ends on the newest', async () => {
    const store = fastStore();
    const url = streamUrl({ key: uniqueKey('async'), count: 20, interval: 0, data: 'wrong-json' });
    // The earlier the message, the longer its check takes: in arrival order only if the step waits its turn.
    const Slow = Item.extend({ nested: z.object({ value: z.number() }) }).refine(async ({ n }) => {
      await sleep((21 - n) * 5);
      return true;
    });
    const stream = defineStream(url, { message: Slow }, { store, transport: 'fetch' });
    const order: string[] = [];
    const release = stream.listen(
      'message',
      ({ value }) => order.push(String(value.n)),
      (error) => order.push(`rejected ${JSON.parse(error.data!).n}`),
    );
    await until(() => order.length === 20, `20 outcomes (saw ${order.length})`);
    expect(order).to.deep.equal(Array.from({ length: 20 }, (_, i) => ((i + 1) % 3 === 0 ? `rejected ${i + 1}` : String(i + 1))));
    const connection = store.getState().connections[stream.key];
    expect(connection.latest.message.value).to.deep.include({ n: 20 });
    expect(connection.messageCount).to.equal(20);
    expect(connection.rejected).to.equal(6);
    expect(connection.lastEventId).to.equal('20');
    release();
  });

  it('holders with different decoders of one event each get their own value; `latest` keeps the first named one', async () => {
    const store = fastStore();
    const url = streamUrl({ key: uniqueKey('mixed'), count: 3, data: 'json' });
    const text: SseMessage[] = [];
    const releaseText = store.getState().listen(url, 'message', (message) => text.push(message));
    const names = defineStream(url, { message: (data) => (JSON.parse(data) as { name: string }).name }, { store });
    const numbers = defineStream(url, { message: Item.transform(({ n }) => n) }, { store });
    const gotNames: string[] = [];
    const gotNumbers: number[] = [];
    const releases = [releaseText, names.listen('message', ({ value }) => gotNames.push(value)), numbers.listen('message', ({ value }) => gotNumbers.push(value))];
    await until(() => gotNumbers.length === 3, 'three numbers');
    expect(text.map(({ value }) => value)).to.deep.equal(text.map(({ data }) => data));
    expect(gotNames).to.deep.equal(['item 1', 'item 2', 'item 3']);
    expect(gotNumbers).to.deep.equal([1, 2, 3]);
    await until(() => store.getState().connections[names.key].messageCount === 3, 'the batch written');
    expect(names.latest(store.getState(), 'message')?.value).to.equal('item 3');
    expect(numbers.latest(store.getState(), 'message'), "not the first named decoder's: no typed value").to.equal(undefined);
    releases.forEach((release) => release());
  });

  it('a tap sees each rejected message with its error', async () => {
    const store = fastStore();
    const url = streamUrl({ key: uniqueKey('tap'), count: 3, data: 'wrong-json' });
    const seen: SseTapEvent[] = [];
    const untap = tapMessages(store, (event) => seen.push(event));
    const release = defineStream(url, { message: Item }, { store }).listen('message', () => {});
    await until(() => seen.length === 3, 'three tapped');
    expect(seen.map(({ error }) => error?.type ?? 'ok')).to.deep.equal(['ok', 'ok', 'invalid']);
    expect(seen[0].message.value).to.deep.equal({ n: 1, name: 'item 1', nested: { value: 10 } });
    untap();
    release();
  });
});
