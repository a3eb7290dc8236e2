// The page's streams are requested first, before Lit loads; then registration, <sse-source> before its
// consumers, so a page's markup upgrades in one pass.
import './controllers/preconnect.js';
import './elements/sse-source/define.js';
import './elements/sse-feed/define.js';
import './elements/sse-status/define.js';
import './elements/sse-text/define.js';

export * from './store/index.js';
export { SseController, type SseControllerOptions, type SseHost } from './controllers/sse-controller.js';
export { SseFeed, type SseFeedItem, type SseFeedRenderItem } from './elements/sse-feed/sse-feed.js';
export { SseStatus } from './elements/sse-status/sse-status.js';
export { SseSource } from './elements/sse-source/sse-source.js';
export { SseText } from './elements/sse-text/sse-text.js';
export { SseElement } from './elements/sse-element.js';
export * from './events/index.js';
