// Runs first in every page of the SseEventSource run (test/wpt/plugin.js serves it as one classic script):
// from here on the page's EventSource is SseEventSource, with its defaults, on the page's store.
import { installEventSource } from '../../src/eventsource/index.js';

installEventSource();
