// tRPC 11: httpSubscriptionLink({ EventSource: SseEventSource, eventSourceOptions }) against a @trpc/server
// subscription yielding tracked() events (server.js, in the test runner's process): a token made fresh for
// every attempt, a server drop resumed from the last tracked id with nothing lost, and two subscriptions on
// one URL sharing one connection.
import { expect } from '@open-wc/testing';
import { createTRPCClient, httpSubscriptionLink } from '@trpc/client';
import { SseEventSource } from '../../src/eventsource/index.js';
import { uniqueKey, until } from '../helpers.js';
import { fastStore, releaseAndCheck } from '../store/watch.js';
import type { AppRouter } from './server.js';
import { seen } from './stats.js';

describe('tRPC 11 httpSubscriptionLink with SseEventSource', () => {
  const store = fastStore();
  let tokens = 0;
  const client = createTRPCClient<AppRouter>({
    links: [
      httpSubscriptionLink({
        url: '/integrations/trpc',
        EventSource: SseEventSource,
        // The headers function is called before every attempt, the browser's own reconnects included; a
        // subscription that joins an open connection gets the `connected` greeting it came too late for.
        eventSourceOptions: () => ({ store, replay: ['connected'], headers: () => ({ authorization: `Bearer token-${++tokens}` }) }),
      }),
    ],
  });
  const unsubscribes: (() => void)[] = [];
  afterEach(async () => {
    for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
    await until(() => Object.keys(store.getState().connections).length === 0, 'every connection let go');
    await releaseAndCheck();
  });

  /** Subscribes to `ticks` and collects the tracked events' ids and data. */
  function subscribe(input: { key: string; count: number; dropAfter?: number }) {
    const events: { id: string; n: number }[] = [];
    const errors: unknown[] = [];
    const started = { value: false };
    const subscription = client.ticks.subscribe(input, {
      onStarted: () => (started.value = true),
      onData: ({ id, data }) => events.push({ id, n: data.n }),
      onError: (error) => errors.push(error),
    });
    unsubscribes.push(() => subscription.unsubscribe());
    return { events, errors, started };
  }

  it('a server drop resumes from the last tracked id, nothing lost or repeated, with a fresh token on every attempt', async function () {
    this.timeout(30_000);
    const key = uniqueKey('trpc');
    const first = tokens;
    const { events, errors } = subscribe({ key, count: 9, dropAfter: 3 });
    await until(() => events.length >= 9, `nine events; saw ${JSON.stringify(events)}`, 25_000);
    expect(events.map((event) => event.id)).to.deep.equal(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(events.map((event) => event.n)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(errors).to.deep.equal([]);
    const server = await seen(key);
    expect(server.lastEventIds, 'where each request resumed').to.deep.equal([null, '3', '6']);
    expect(server.authorization, 'the token of each request').to.deep.equal([1, 2, 3].map((n) => `Bearer token-${first + n}`));
  });

  it('two subscriptions on one URL share one connection, both start and both get every event', async () => {
    const key = uniqueKey('trpc-two');
    const one = subscribe({ key, count: 1_000 });
    await until(() => one.events.length >= 1, 'the first subscription started');
    const two = subscribe({ key, count: 1_000 });
    await until(() => two.events.length >= 3, `the second subscription's third event; saw ${JSON.stringify(two.events)}`);
    expect([one.started.value, two.started.value], 'onStarted of each (the second through replay)').to.deep.equal([true, true]);
    const start = two.events[0].n;
    expect(one.events.map((event) => event.n)).to.include.members([start, start + 1, start + 2]);
    const server = await seen(key);
    expect(server.requests, 'requests').to.equal(1);
    expect(server.open, 'open streams').to.equal(1);
  });
});
