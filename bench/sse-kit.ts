// sse-kit: the same widget as a plain <sse-feed> (max 100), all of them sharing the page's store.
// `?shared` makes every widget `shared` (one connection for all the tabs), for the relay scenario.
import 'sse-kit';
import { scenarios, type MountWidget } from './harness.js';

const shared = new URLSearchParams(location.search).has('shared');

const mount: MountWidget = (container, url) => {
  const feed = document.createElement('sse-feed');
  feed.src = url;
  feed.max = 100;
  feed.shared = shared;
  let delivered = 0;
  let firstAt: number | undefined;
  feed.addEventListener('sse-message', () => {
    if (!delivered++) firstAt = performance.now();
  });
  container.append(feed);
  return {
    root: feed.shadowRoot!,
    get delivered() {
      return delivered;
    },
    get firstAt() {
      return firstAt;
    },
    remove: () => feed.remove(),
  };
};

window.bench = scenarios(mount, (widget) => widget.root as Node);
window.benchReady = true;
