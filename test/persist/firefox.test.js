// The reload tests (persist.js) in Firefox.
import { persistTests } from './persist.js';

persistTests('firefox');
