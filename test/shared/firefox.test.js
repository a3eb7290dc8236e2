// The cross-tab tests (shared.js) in Firefox: tabs of one user context, driven by puppeteer-core over WebDriver BiDi.
import { sharedTests } from './shared.js';

sharedTests('firefox');
