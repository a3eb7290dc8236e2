// The htmx panel: htmx-ext-sse widgets, each with an `sse-connect` of its own, whose EventSources are
// SseEventSource through the extension's creation hook. With sse-kit's reconnect rules (`backoff`, the
// elements' default), they join the page's one connection to /sse/demo instead of opening twelve.
import htmx from 'htmx.org';
import { SseEventSource } from '../src/eventsource/index.js';

(htmx as unknown as { createEventSource: (url: string) => EventSource }).createEventSource = (url) =>
  new SseEventSource(url, { reconnect: 'backoff' });
// After the hook: the extension keeps a hook already set.
await import('htmx-ext-sse');
htmx.process(document.querySelector('#htmx')!);
