// htmx 2 + htmx-ext-sse 2 as they come: one browser EventSource per `sse-connect`.
import { start } from './htmx-widget.js';

await start();
