import { define } from '../define.js';
import { SseStatus } from './sse-status.js';

define('sse-status', SseStatus);
