// WPT eventsource/: the interface, constructor and reconnection pages (runner.ts).
import { wptSuite } from './runner.js';

wptSuite('WPT eventsource-*, event-data', (file) => file.startsWith('eventsource-') || file.startsWith('event-data'));
