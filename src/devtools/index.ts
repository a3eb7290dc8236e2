// `sse-kit/devtools`: the inspector. A page adds it while developing, or loads it on demand; `sse-kit`
// itself never imports it. Importing it registers <sse-devtools>.
import './sse-devtools/define.js';

export { SseDevtools, SseDevtoolsCopyEvent, type SseDevtoolsCopyDetail } from './sse-devtools/sse-devtools.js';
export { Inspector, rejectedOf, type InspectedConnection, type InspectorOptions } from './inspector.js';
export { MessageBuffer, type RecordedMessage } from './message-buffer.js';
export { StateHistory, phaseOf, type Phase, type Segment, type StateChange } from './state-history.js';
export { RateCounter, summarize, type RateSummary } from './rate-counter.js';
export type { DevtoolsReport } from './report.js';
