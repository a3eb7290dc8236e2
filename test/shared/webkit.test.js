// The cross-tab tests (shared.js) in WebKit: tabs of MiniBrowser's one WebDriver session (WebKitWebDriver on Xvfb).
import { sharedTests } from './shared.js';

sharedTests('webkit');
