// Page load, hand-written: the widget is markup too, and this is the code a careful developer writes for it.
import './mark-start.js';
import './load-widget.js';
import './mark-end.js';
