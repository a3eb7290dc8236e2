import type { Scenarios } from './harness.js';

declare global {
  interface Window {
    bench: Scenarios;
    benchReady: boolean;
    /** With ?devtools: the script time of each of the inspector's drawings, ms. */
    inspectorDrawings?: number[];
    /** The fan-in scenario's result, awaited by the driver once it sent the burst. */
    jsonDone: ReturnType<Scenarios['fanIn']>;
  }
}
