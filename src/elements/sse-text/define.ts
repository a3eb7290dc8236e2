import { define } from '../define.js';
import { SseText } from './sse-text.js';

define('sse-text', SseText);
