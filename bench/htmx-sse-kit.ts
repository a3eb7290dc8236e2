// htmx 2 + htmx-ext-sse 2 with its creation hook set to SseEventSource: the widgets share sse-kit's connections.
import htmx from 'htmx.org';
import { SseEventSource } from 'sse-kit/eventsource';
import { start } from './htmx-widget.js';

(htmx as unknown as { createEventSource: (url: string) => EventSource }).createEventSource = (url) => new SseEventSource(url);
await start();
