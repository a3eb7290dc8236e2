// The reload tests (persist.js) in Chromium.
import { persistTests } from './persist.js';

persistTests('chromium');
