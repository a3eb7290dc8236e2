// The browser's own EventSource and SseEventSource side by side, on the same scripted streams (each on a
// key of its own): every event, its order and the readyState seen in its handler must be the same.
import { expect } from '@open-wc/testing';
import { SseEventSource } from '../../src/eventsource/index.js';
import { base64url, streamUrl, uniqueKey, until } from '../helpers.js';
import { fastStore, releaseAndCheck } from '../store/watch.js';
import { record, type EventSourceLike, type Recording } from './record.js';

interface Scenario {
  name: string;
  /** The stream's URL for one key. */
  url(key: string): string;
  /** Event names listened to besides open and error. */
  names?: string[];
  /** Done when the recording has this many lines. */
  lines: number;
}

/** A raw stream: exactly these writes, then the end; the key's next request is answered 204 (closed for good). */
const raw = (chunks: string[]) => (key: string) => `/sse/chaos/raw?key=${key}&gap=10&end=1&chunks=${chunks.map(base64url).join(',')}`;

const SCENARIOS: Scenario[] = [
  { name: 'named events with ids, dropped twice and resumed', url: (key) => streamUrl({ key, count: 6, drop: 2, retry: 30, events: 'tick,tock' }), names: ['tick', 'tock', 'message'], lines: 10 },
  { name: 'a cut in the middle of an event', url: (key) => streamUrl({ key, count: 4, cut: 2, retry: 30 }), lines: 7 },
  { name: 'an HTTP 500', url: (key) => streamUrl({ key, fail: 1, status: 500 }), lines: 1 },
  { name: 'a 204', url: (key) => streamUrl({ key, fail: 1, status: 204 }), lines: 1 },
  { name: 'another content type', url: (key) => streamUrl({ key, fail: 1, as: 'wrong-type' }), lines: 1 },
  {
    name: 'ids without data, empty ids, CR line ends, comments, server events named error and open, then the end and a 204',
    url: raw([
      'retry: 30\n\nid: 7\n\n',
      'data: a\n\n: comment\r\nid\rdata: b\r\n\r\n',
      'event: error\ndata: server error\n\nevent: open\ndata: server open\n\n',
      'id: 9\ndata: c\n\nid: 10\ndata: d',
    ]),
    names: ['message', 'error', 'open'],
    lines: 8,
  },
];

describe('SseEventSource and the browser’s EventSource, side by side', () => {
  const sources: EventSourceLike[] = [];
  afterEach(async () => {
    for (const source of sources.splice(0)) source.close();
    await releaseAndCheck();
  });

  for (const scenario of SCENARIOS) {
    it(`the same events for ${scenario.name}`, async () => {
      const run = (source: EventSourceLike): Recording => {
        sources.push(source);
        return record(source, scenario.names);
      };
      const native = run(new EventSource(scenario.url(uniqueKey('native'))));
      const ours = run(new SseEventSource(scenario.url(uniqueKey('ours')), { store: fastStore() }));
      const done = (recording: Recording) => recording.lines.length >= scenario.lines;
      await until(() => done(native) && done(ours), `${scenario.lines} events from each; native saw ${JSON.stringify(native.lines)}, SseEventSource ${JSON.stringify(ours.lines)}`);
      expect(ours.lines.slice(0, scenario.lines), `native: ${JSON.stringify(native.lines)}`).to.deep.equal(native.lines.slice(0, scenario.lines));
    });
  }
});
