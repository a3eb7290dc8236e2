// Turbo 8's <turbo-stream-source>, which calls the global EventSource: through installEventSource(), every
// element on one URL shares one connection, and each applies every stream action it receives.
import { expect } from '@open-wc/testing';
import '@hotwired/turbo';
import { installEventSource, SseEventSource } from '../../src/eventsource/index.js';
import { uniqueKey, until } from '../helpers.js';
import { fastStore, releaseAndCheck } from '../store/watch.js';
import { seen } from './stats.js';

type StreamSource = HTMLElement & { streamSource: EventSource | null };

describe('Turbo 8 <turbo-stream-source> through installEventSource()', () => {
  const store = fastStore();
  let undo: () => void = () => {};
  beforeEach(() => (undo = installEventSource({ store })));
  afterEach(async () => {
    document.querySelectorAll('turbo-stream-source, #turbo-target').forEach((element) => element.remove());
    undo();
    await until(() => Object.keys(store.getState().connections).length === 0, 'every connection let go');
    await releaseAndCheck();
  });

  it('five elements on one URL make one request; each applies the updates', async () => {
    const key = uniqueKey('turbo');
    const target = document.createElement('div');
    target.id = 'turbo-target';
    document.body.append(target);
    const sources = Array.from({ length: 5 }, () => {
      const element = document.createElement('turbo-stream-source') as StreamSource;
      element.setAttribute('src', `/integrations/turbo?key=${key}&count=1000&interval=100`);
      document.body.append(element);
      return element;
    });
    expect(sources.every((element) => element.streamSource instanceof SseEventSource), 'each element made an SseEventSource').to.equal(true);
    const received = sources.map(() => 0);
    sources.forEach((element, i) => element.streamSource?.addEventListener('message', () => (received[i] += 1)));
    await until(() => Number(target.textContent) >= 3 && received.every((n) => n >= 2), `the target at 3 and every element receiving; saw ${target.textContent}, ${received}`);
    const server = await seen(key);
    expect(server.requests, 'requests').to.equal(1);
    // Disconnected, an element closes its source: the last one lets the connection go.
    sources.forEach((element) => element.remove());
    await until(async () => (await seen(key)).open === 0, 'the stream closed with the last element');
  });
});
