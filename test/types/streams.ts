// Type tests, checked by `tsc -p tsconfig.json` (`npm run typecheck`, the first step of `npm test`): what a
// typed stream infers, and what it refuses. Each `@ts-expect-error` must be an error, or tsc fails.
import { type } from 'arktype';
import * as v from 'valibot';
import { z } from 'zod';
import { defineStream, sseStore, type SseError, type SseMessage, type SseStreamMessage } from '../../src/index.js';
import { useSseError, useSseEvent, useSseEvents, useSseReduce } from '../../src/adapters/react.js';
import { sseEvents, sseReduce } from '../../src/adapters/svelte.js';
import { useSseEvents as useVueEvents } from '../../src/adapters/vue.js';

/** Fails to compile unless `A` and `B` are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(proof: Equal<A, B>) => proof;

const prices = defineStream('/api/prices', {
  price: z.object({ symbol: z.string(), last: z.number() }),
  quote: v.object({ bid: v.number(), ask: v.number() }),
  trade: type({ size: 'number', side: "'buy' | 'sell'" }),
  note: 'text',
  raw: 'json',
  count: (data: string) => Number(data),
  stamped: (data, message) => ({ data, at: message.receivedAt }),
});

prices.listen('price', (message) => {
  same<typeof message.value, { symbol: string; last: number }>(true);
  same<typeof message.type, 'price'>(true);
  // @ts-expect-error: `price` has no field `lats`
  void message.value.lats;
});
prices.listen('quote', ({ value }) => same<typeof value, { bid: number; ask: number }>(true));
prices.listen('trade', ({ value }) => same<typeof value, { size: number; side: 'buy' | 'sell' }>(true));
prices.listen('note', ({ value }) => same<typeof value, string>(true));
prices.listen('raw', ({ value }) => same<typeof value, unknown>(true));
prices.listen('count', ({ value }) => same<typeof value, number>(true));
prices.listen('stamped', ({ value }) => same<typeof value, { data: string; at: number }>(true));

// Several events: `type` tells them apart, and narrows `value`.
prices.listen(['price', 'note'], (message) => {
  if (message.type == 'price') same<typeof message.value, { symbol: string; last: number }>(true);
  else same<typeof message.value, string>(true);
});

// @ts-expect-error: no event `prise` in this stream
prices.listen('prise', () => {});
// @ts-expect-error: not a decoder
defineStream('/x', { price: 42 });
// @ts-expect-error: a decoder function takes the data as a string
defineStream('/x', { price: (data: number) => data });

prices.listen('price', () => {}, (error) => same<typeof error, SseError>(true));

const latest = prices.latest(sseStore.getState(), 'quote');
same<typeof latest, SseStreamMessage<typeof prices.events, 'quote'> | undefined>(true);
if (latest) same<typeof latest.value, { bid: number; ask: number }>(true);
// @ts-expect-error: no event `bid`
prices.latest(sseStore.getState(), 'bid');

// The store's own listen: names read as text, values unknown.
sseStore.getState().listen('/api/prices', 'price', (message) => same<typeof message, SseMessage>(true));

// The adapters take a stream or a URL.
export function Typed() {
  const event = useSseEvent(prices, 'price');
  same<NonNullable<typeof event>['value'], { symbol: string; last: number }>(true);
  const list = useSseEvents(prices, 'trade', { max: 5 });
  same<(typeof list)[number]['value'], { size: number; side: 'buy' | 'sell' }>(true);
  const text = useSseEvents('/api/prices', 'anything');
  same<(typeof text)[number]['value'], string>(true);
  const total = useSseReduce(prices, 'price', (sum, message) => sum + message.value.last, 0);
  same<typeof total, number>(true);
  const error = useSseError(prices, 'price');
  same<typeof error, SseError | undefined>(true);
  // @ts-expect-error: no event `prise`
  useSseEvents(prices, 'prise');
  // @ts-expect-error: the state is a number, the reducer returns a string
  useSseReduce(prices, 'price', (sum: number, message) => message.value.symbol, 0);
  // @ts-expect-error: `last` is a number
  useSseReduce(prices, 'price', (symbols: string[], message) => [...symbols, message.value.last as string], []);
  return null;
}

sseEvents(prices, 'quote').subscribe((list) => same<(typeof list)[number]['value']['bid'], number>(true));
sseReduce(prices, 'count', (sum: number, { value }) => sum + value, 0);
// @ts-expect-error: no event `nope`
sseEvents(prices, 'nope');
export const vueList = () => useVueEvents(prices, 'note');
