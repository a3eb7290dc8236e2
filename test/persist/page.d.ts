// The page API of test/persist/page.html, for the type check of the tests that drive it.
import type { ConnectionState, SseError } from '../../src/store/types.js';

interface Life {
  ids: string[];
  firstAt: number | null;
  loadedAt: number;
  lastEventId: string;
  shown: unknown;
  left?: unknown;
}

declare global {
  interface Window {
    persistReady: boolean;
    persistTest: {
      errors: string[];
      warnings: string[];
      lives(): Life[];
      reloadedAt(): number;
      state(): { state: ConnectionState['state']; error: SseError | null; lastEventId: string; transport: string } | undefined;
      feedIds(): string[];
      feedRendered(): number;
      text(): string;
      shownText(): string;
    };
  }
}
