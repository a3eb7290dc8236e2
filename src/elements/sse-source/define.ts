import { define } from '../define.js';
import { SseSource } from './sse-source.js';

define('sse-source', SseSource);
