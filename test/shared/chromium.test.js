// The cross-tab tests (shared.js) in Chromium: pages of one playwright-core browser context, over CDP.
import { sharedTests } from './shared.js';

sharedTests('chromium');
