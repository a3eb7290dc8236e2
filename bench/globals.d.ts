import type { Scenarios } from './harness.js';

declare global {
  interface Window {
    bench: Scenarios;
    benchReady: boolean;
    /** With ?devtools: the script time of each of the inspector's drawings, ms. */
    inspectorDrawings?: number[];
  }
}
