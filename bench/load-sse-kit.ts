// Page load with sse-kit: the widget is markup; this bundle only loads the library.
import './mark-start.js';
import 'sse-kit';
import './mark-end.js';
