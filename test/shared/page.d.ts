// The page API of test/shared/page.html, for the type check of the tests that drive it.
import type { ConnectionOptions, ConnectionState } from '../../src/store/types.js';

interface Contiguous {
  count: number;
  first: number;
  last: number;
  lost: number;
  repeated: number;
}

declare global {
  interface Window {
    sseReady: boolean;
    sse: {
      errors: string[];
      warnings: string[];
      /** With `?spy`: every lock name, channel name and message, and storage key (with its value) the page used. */
      spied: string[];
      listen(url: string, events: string[], options?: ConnectionOptions, authorization?: string): number;
      releaseAll(): void;
      got(i: number): string[];
      check(i: number, type: string, from: number, to: number, step?: number): { count: number; exact: boolean; first: string; last: string };
      contiguous(i: number): Contiguous;
      state(url: string, options?: ConnectionOptions, authorization?: string): (Omit<ConnectionState, 'latest'> & { latest: string[] }) | undefined;
      history(url: string, options?: ConnectionOptions): string[];
      reconnect(url: string, options?: ConnectionOptions): void;
      setHidden(hidden: boolean): void;
      feed(src: string, attributes?: Record<string, string>): number;
      feedIds(i: number): string[];
      feedRendered(i: number): number;
      feedConnection(i: number): { state: string; role: string } | undefined;
      sharedLoaded(): boolean;
    };
  }
}
