import { define } from '../../elements/define.js';
import { SseDevtools } from './sse-devtools.js';

define('sse-devtools', SseDevtools);
