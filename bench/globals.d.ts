import type { Scenarios } from './harness.js';

declare global {
  interface Window {
    bench: Scenarios;
    benchReady: boolean;
    /** The fan-in scenario's result, awaited by the driver once it sent the burst. */
    jsonDone: ReturnType<Scenarios['fanIn']>;
  }
}
