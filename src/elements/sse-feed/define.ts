import { define } from '../define.js';
import { SseFeed } from './sse-feed.js';

define('sse-feed', SseFeed);
