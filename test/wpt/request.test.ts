// WPT eventsource/: the request pages (runner.ts).
import { wptSuite } from './runner.js';

wptSuite('WPT request-*', (file) => file.startsWith('request-'));
