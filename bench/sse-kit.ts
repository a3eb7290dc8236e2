// sse-kit: the same widget as a plain <sse-feed> (max 100), all of them sharing the page's store; the
// options (a transport) are set as properties. `?shared` makes every widget `shared` (one connection for
// all the tabs), for the relay scenario; `?devtools` opens <sse-devtools> beside them (loaded only then).
import 'sse-kit';
import { scenarios, type MountText, type MountWidget } from './harness.js';

const query = new URLSearchParams(location.search);
const shared = query.has('shared');
if (query.has('devtools')) {
  await import('sse-kit/devtools');
  document.body.append(Object.assign(document.createElement('sse-devtools'), { open: true }));
}

const mount: MountWidget = (container, url, options = {}) => {
  const feed = document.createElement('sse-feed');
  Object.assign(feed, options);
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

const mountText: MountText = (container, url) => {
  const element = document.createElement('sse-text');
  element.src = url;
  container.append(element);
  return {
    get text() {
      return element.text;
    },
    get shown() {
      return element.shadowRoot?.querySelector('[part=text]')?.textContent ?? '';
    },
    remove: () => element.remove(),
  };
};

window.bench = scenarios(mount, (widget) => widget.root as Node, mountText);
window.benchReady = true;
