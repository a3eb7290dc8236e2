// The page-load probe of `npm run bench`, loaded first and blocking in both load pages: it marks when the
// page's scripts start, when an EventSource is made, opens and delivers its first message, and when the
// first item reaches the DOM (light or shadow), so the phases of a load can be compared side by side.
performance.mark('script start');
{
  const Native = window.EventSource;
  window.EventSource = class extends Native {
    /** @param {string | URL} url @param {EventSourceInit} [init] */
    constructor(url, init) {
      super(url, init);
      if (!performance.getEntriesByName('EventSource created').length) performance.mark('EventSource created');
      // Added before the page's own listeners, so these marks come first.
      this.addEventListener('open', () => performance.mark('open'), { once: true });
      this.addEventListener('message', () => performance.mark('first message'), { once: true });
    }
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
    return root;
  };
  watch(document);
}
