// WPT eventsource/: the stream format pages (runner.ts).
import { wptSuite } from './runner.js';

wptSuite('WPT format-*', (file) => file.startsWith('format-'));
