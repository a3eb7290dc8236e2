// The reload tests (persist.js) in WebKit.
import { persistTests } from './persist.js';

persistTests('webkit');
