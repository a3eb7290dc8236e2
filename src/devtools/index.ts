// `sse-kit/devtools`: the inspector. A page adds it while developing, or loads it on demand; `sse-kit`
// itself never imports it. Importing it registers <sse-devtools>.
import './sse-devtools/define.js';

export { SseDevtools, SseDevtoolsCopyEvent, type SseDevtoolsCopyDetail } from './sse-devtools/sse-devtools.js';
export type { DevtoolsReport } from './report.js';
// What `SseDevtools.connections` gives: each connection's state, history, messages and rate, to read.
export type { InspectedConnection } from './inspector.js';
export type { MessageBuffer, RecordedMessage } from './message-buffer.js';
export type { Phase, Segment, StateChange, StateHistory } from './state-history.js';
export type { RateCounter } from './rate-counter.js';
