// htmx 2 with htmx-ext-sse 2, through its documented creation hook (`htmx.createEventSource`): widgets that
// each have an `sse-connect` of their own share one connection through SseEventSource, and all stay live.
import { expect } from '@open-wc/testing';
import htmx from 'htmx.org';
import { SseEventSource } from '../../src/eventsource/index.js';
import { serverStats, streamUrl, uniqueKey, until } from '../helpers.js';
import { fastStore, releaseAndCheck } from '../store/watch.js';

/** htmx-ext-sse reads this hook, which htmx's types do not declare, for every EventSource it makes. */
const hooks = htmx as unknown as { createEventSource?: (url: string) => EventSource };
const store = fastStore();
hooks.createEventSource = (url) => new SseEventSource(url, { store });
// After the hook: the extension keeps a hook already set, and sets its own only when none is.
await import('htmx-ext-sse');

describe('htmx 2 + htmx-ext-sse 2 through SseEventSource', () => {
  afterEach(async () => {
    document.querySelectorAll('[data-test-widgets]').forEach((container) => {
      // Swapped out, the widgets are cleaned up: htmx-ext-sse closes each one's EventSource (htmx:beforeCleanupElement).
      htmx.swap(container, '', { swapStyle: 'outerHTML', swapDelay: 0, settleDelay: 0 });
    });
    await until(() => Object.keys(store.getState().connections).length === 0, 'every connection let go');
    await releaseAndCheck();
  });

  /** `count` widgets, each its own `sse-connect` on `url` with an `sse-swap` child. */
  function widgets(url: string, count: number) {
    const container = document.createElement('div');
    container.dataset.testWidgets = '';
    container.setAttribute('hx-ext', 'sse');
    for (let i = 0; i < count; i++) {
      const widget = document.createElement('div');
      widget.setAttribute('sse-connect', url);
      widget.innerHTML = '<span sse-swap="message">waiting</span>';
      container.append(widget);
    }
    document.body.append(container);
    htmx.process(container);
    return [...container.querySelectorAll('span')];
  }

  it('20 sse-swap widgets, each with its own sse-connect, make one request, and every one is live', async () => {
    const key = uniqueKey('htmx');
    const spans = widgets(streamUrl({ key, count: 1_000, interval: 100 }), 20);
    const shown = () => spans.map((span) => Number(span.textContent));
    await until(() => shown().every((n) => n >= 3), `every widget past event 3; saw ${shown()}`);
    const first = Math.min(...shown());
    await until(() => shown().every((n) => n > first + 1), `every widget still moving; saw ${shown()}`);
    const stats = await serverStats(key);
    expect(stats.requests, 'requests the server saw').to.equal(1);
    expect(stats.open, 'streams open').to.equal(1);
  });

  it("a dropped stream comes back after the server's retry, resumed from the last id, for every widget", async () => {
    const key = uniqueKey('htmx-drop');
    // 11 events, 4 a response: the third response stays open after event 11, so no fourth request follows.
    const spans = widgets(streamUrl({ key, count: 11, drop: 4, retry: 50 }), 8);
    await until(() => spans.every((span) => span.textContent === '11'), `every widget at event 11; saw ${spans.map((s) => s.textContent)}`);
    expect((await serverStats(key)).lastEventIds).to.deep.equal([null, '4', '8']);
  });
});
