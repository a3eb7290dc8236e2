// The page-load probe of `npm run bench`, loaded first and blocking in both load pages: it marks when the
// page's scripts start, when a stream is requested (an EventSource made, or a fetch for text/event-stream),
// opens and delivers its first message, when the tags are defined and first render, and when the first item
// reaches the DOM (light or shadow), so the phases of a load can be compared side by side.
performance.mark('script start');
{
  const Native = window.EventSource;
  window.EventSource = class extends Native {
    /** @param {string | URL} url @param {EventSourceInit} [init] */
    constructor(url, init) {
      super(url, init);
      if (!performance.getEntriesByName('stream requested').length) performance.mark('stream requested');
      // Added before the page's own listeners, so these marks come first.
      this.addEventListener('open', () => performance.mark('open'), { once: true });
      this.addEventListener('message', () => performance.mark('first message'), { once: true });
    }
  };
  const nativeFetch = window.fetch;
  /** @param {RequestInfo | URL} input @param {RequestInit} [init] */
  window.fetch = function (input, init) {
    const response = nativeFetch.call(this, input, init);
    const accept = new Headers(init?.headers).get('accept');
    if (accept === 'text/event-stream' && !performance.getEntriesByName('stream requested').length) {
      performance.mark('stream requested');
      response.then(() => performance.mark('open'), () => {});
    }
    return response;
  };
  /** @param {Document | ShadowRoot} root */
  const watch = (root) => {
    const observer = new MutationObserver(() => {
      if (!root.querySelector('[part~="item"], [data-item]')) return;
      if (!performance.getEntriesByName('first item in the DOM').length) {
        performance.mark('first item in the DOM');
        // Said on the console, which the driver hears without running anything in the page: a script of its
        // own (a poll) would take the main thread while the page is still loading, and skew what it measures.
        console.debug('sse-kit bench: first item');
      }
      observer.disconnect();
    });
    observer.observe(root, { childList: true, subtree: true });
  };
  const attachShadow = Element.prototype.attachShadow;
  /** @this {Element} @param {ShadowRootInit} init */
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    watch(root);
    const rendered = new MutationObserver(() => {
      if (!performance.getEntriesByName('first render').length) performance.mark('first render');
      rendered.disconnect();
    });
    rendered.observe(root, { childList: true });
    return root;
  };
  watch(document);
  // The element phases (sse-kit's page only): when the last tag is defined (its elements upgraded), when an
  // element first renders into its shadow root; and the load event, which ends the task that made the
  // EventSource of a page like these (its request leaves after that task).
  const define = customElements.define;
  /** @param {string} name @param {CustomElementConstructor} element @param {ElementDefinitionOptions} [options] */
  customElements.define = function (name, element, options) {
    define.call(this, name, element, options);
    performance.clearMarks('tags defined');
    performance.mark('tags defined');
  };
  addEventListener('load', () => performance.mark('load event'));
}
