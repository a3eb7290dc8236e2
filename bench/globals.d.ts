import type { Scenarios, Span } from './harness.js';

declare global {
  interface Window {
    bench: Scenarios;
    benchReady: boolean;
    /** With ?devtools: each of the inspector's drawings, when it started and its script time, ms. */
    inspectorDrawings?: Span[];
    /** The fan-in scenario's result, awaited by the driver once it sent the burst. */
    jsonDone: ReturnType<Scenarios['fanIn']>;
  }
}
