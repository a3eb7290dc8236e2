import type { Scenarios } from './harness.js';

declare global {
  interface Window {
    bench: Scenarios;
    benchReady: boolean;
  }
}
