// sse-kit against real Node SSE servers: better-sse, Hono's streamSSE and @fastify/sse, each in its own
// child process (test/interop/servers/), on another origin than the page, with both transports. Each server
// sends named events with ids and `retry:`, keep-alive comments between them, and ends the response after
// every 4 events; the client must come back after the server's `retry:` with `Last-Event-ID`, and the
// server replays from it. Every consumer (a store listener, <sse-feed>, <sse-status>) must see ids 1…12
// once each, in order.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/index.js';
import { connectionKey, createSseStore, type ConnectionState, type SseMessage, type SseStore, type SseTransportName } from '../../src/index.js';
import type { SseFeed, SseStateChangeEvent, SseStatus } from '../../src/index.js';
import { fetchTransport } from '../../src/store/transports/fetch.js';
import { sleep, uniqueKey, until } from '../helpers.js';
import { EVENTS, PER_RESPONSE, RETRY, SERVERS } from './servers/scenario.js';

const ALL_IDS = Array.from({ length: EVENTS }, (_, i) => String(i + 1));
/** The Last-Event-ID of each request: none, then the last id of each ended response. */
const RESUMED_FROM = [null, ...Array.from({ length: EVENTS / PER_RESPONSE }, (_, i) => String((i + 1) * PER_RESPONSE))];

interface ServerLog {
  requests: { lastEventId: string | null; at: number }[];
  ends: number[];
  preflights: number;
}

const TRANSPORTS: SseTransportName[] = ['eventsource', 'fetch'];

for (const server of SERVERS) {
  describe(`interop: ${server}`, () => {
    let origin = '';
    let serverId = 0;
    const cleanups: (() => void)[] = [];

    before(async function () {
      // Starting a Node process: seconds on a loaded machine (the plugin allows 60 s).
      this.timeout(90_000);
      const started = await executeServerCommand<{ id: number; port: number }, { server: string }>('interop-start', { server });
      serverId = started!.id;
      origin = `http://127.0.0.1:${started!.port}`;
    });

    // A failed test still lets go of its streams and elements, and the server goes whatever happened.
    afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));
    after(() => executeServerCommand('interop-stop', { id: serverId }));

    const serverLog = async (key: string): Promise<ServerLog> => (await fetch(`${origin}/stats?key=${key}`)).json() as Promise<ServerLog>;

    it('sends keep-alive comments between its events on the wire', async () => {
      // What the client must skip: read the raw bytes once, so the other tests know comments were there.
      const response = await fetch(`${origin}/events?key=${uniqueKey('wire')}`, { headers: { accept: 'text/event-stream' } });
      expect(response.headers.get('content-type')).to.match(/^text\/event-stream/);
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      while (!/id: ?2\n/.test(text)) text += (await reader.read()).value ?? '';
      await reader.cancel();
      const lines = text.split('\n');
      const firstEvent = lines.findIndex((line) => /^id: ?1$/.test(line));
      const secondEvent = lines.findIndex((line) => /^id: ?2$/.test(line));
      expect(lines.slice(firstEvent, secondEvent).some((line) => line.startsWith(':')), text).to.equal(true);
      expect(text).to.match(/^retry: ?250$/m);
    });

    for (const transport of TRANSPORTS) {
      it(`${transport}: listeners, <sse-feed> and <sse-status> get ids 1…12 once, in order, across the server's ends`, async () => {
        const key = uniqueKey(`${server}-${transport}`);
        // The fetch case maps both names to the fetch transport, so the elements use it too whether or not
        // they read the `transport` attribute yet.
        const store: SseStore = createSseStore({
          onError: () => {},
          ...(transport === 'fetch' ? { transports: { eventsource: fetchTransport, fetch: fetchTransport } } : {}),
        });
        // The listener and the elements hold a stream each, so the server's log of each is its own.
        const listenerUrl = `${origin}/events?key=${key}-listener`;
        const elementUrl = `${origin}/events?key=${key}-elements`;

        const messages: SseMessage[] = [];
        cleanups.push(store.getState().listen(listenerUrl, ['tick', 'tock'], (message) => messages.push(message), { transport }));

        const feed = document.createElement('sse-feed') as SseFeed;
        const status = document.createElement('sse-status') as SseStatus;
        const states: string[] = [];
        const elementIds: string[] = [];
        for (const element of [feed, status]) {
          element.store = store;
          element.src = elementUrl;
          element.setAttribute('transport', transport);
        }
        feed.event = 'tick tock';
        feed.json = true;
        status.addEventListener('sse-state-change', (event) => states.push((event as SseStateChangeEvent).detail.state));
        // What <sse-status> was told, render by render: the connection's last id never goes back or skips back.
        const unsubscribe = store.subscribe((state) => {
          const connection = Object.values(state.connections).find((c: ConnectionState) => c.url === elementUrl);
          if (connection?.lastEventId && connection.lastEventId !== elementIds.at(-1)) elementIds.push(connection.lastEventId);
        });
        document.body.append(feed, status);
        cleanups.push(unsubscribe, () => feed.remove(), () => status.remove());

        const logs = async () => [await serverLog(`${key}-listener`), await serverLog(`${key}-elements`)];
        // Done when both streams made their last request (the one that resumes from 12) and got every event.
        await until(
          async () => messages.length >= EVENTS && feed.items.length >= EVENTS && (await logs()).every((log) => log.requests.length >= RESUMED_FROM.length),
          {
            for: `${EVENTS} events and ${RESUMED_FROM.length} requests per stream`,
            seen: async () => ({
              listener: messages.map((m) => m.lastEventId),
              feed: feed.items.map((item) => item.message.lastEventId),
              requests: (await logs()).map((log) => log.requests.length),
            }),
          },
        );
        // Anything repeated after the last resume would come within a retry.
        await sleep(RETRY * 2);

        expect(messages.map((m) => m.lastEventId)).to.deep.equal(ALL_IDS);
        expect(messages.map((m) => m.type)).to.deep.equal(ALL_IDS.map((id) => (Number(id) % 2 ? 'tick' : 'tock')));
        expect(messages.map((m) => JSON.parse(m.data).n)).to.deep.equal(ALL_IDS.map(Number));
        expect(feed.items.map((item) => item.message.lastEventId)).to.deep.equal(ALL_IDS);
        expect(feed.items.map((item) => (item.value as { n: number }).n)).to.deep.equal(ALL_IDS.map(Number));

        const elementConnection = status.connection!;
        expect(elementConnection.state).to.equal('open');
        expect(status.state).to.equal('open');
        expect(elementConnection.error).to.equal(null);
        // Comments are not messages: the connection counted exactly the 12 events.
        expect(elementConnection.messageCount).to.equal(EVENTS);
        expect(elementIds.map(Number)).to.deep.equal([...elementIds.map(Number)].sort((a, b) => a - b));
        expect(elementIds.at(-1)).to.equal(String(EVENTS));
        // Three ends, three reconnects, and never closed.
        expect(states.filter((state) => state === 'reconnecting')).to.have.length(EVENTS / PER_RESPONSE);
        expect(states).not.to.include('closed');
        expect(states.at(-1)).to.equal('open');
        expect(store.getState().connections[connectionKey(listenerUrl, { transport })]?.messageCount).to.equal(EVENTS);

        const report: string[] = [];
        const [listenerLog, elementsLog] = await logs();
        for (const [name, log] of [['listener', listenerLog], ['elements', elementsLog]] as const) {
          expect(log.requests.map((r) => r.lastEventId), `${name}: Last-Event-ID of each request`).to.deep.equal(RESUMED_FROM);
          // The client waited for the server's retry: (250 ms), not its own 3 s default (Firefox 5 s), and not
          // less; under 2.8 s leaves a loaded machine 2.5 s (a timer is late, never early).
          const gaps = log.ends.map((end, i) => log.requests[i + 1].at - end);
          expect(gaps.every((gap) => gap >= RETRY - 25 && gap < 2800), `${name}: reconnect delays ${gaps.join(', ')} ms`).to.equal(true);
          // Only a header the page sets needs a preflight: the fetch transport's Last-Event-ID does.
          if (transport === 'fetch') expect(log.preflights, `${name}: CORS preflights`).to.be.greaterThan(0);
          report.push(`${name} reconnected ${gaps.join(', ')} ms after each end`);
        }
        console.log(
          `interop ${server} ${transport}: ${messages.length} received, ` +
            `${ALL_IDS.filter((id) => !messages.some((m) => m.lastEventId === id)).length} lost, ` +
            `${messages.length - new Set(messages.map((m) => m.lastEventId)).size} repeated; ${report.join('; ')}`,
        );
      });
    }
  });
}
