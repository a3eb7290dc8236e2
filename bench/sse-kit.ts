// sse-kit: the same widget as a plain <sse-feed> (max 100), all of them sharing the page's store; the
// options (a transport) are set as properties. `?shared` makes every widget `shared` (one connection for
// all the tabs), for the relay scenario; `?devtools` opens <sse-devtools> beside them (loaded only then).
import 'sse-kit';
import { scenarios, type MountText, type MountWidget, type Span } from './harness.js';

const query = new URLSearchParams(location.search);
const shared = query.has('shared');
if (query.has('devtools')) {
  await import('sse-kit/devtools');
  const devtools = document.body.appendChild(Object.assign(document.createElement('sse-devtools'), { open: true }));
  // What each of its drawings takes of the main thread in script (Lit's update, then its rows by hand), for
  // the bench; the layout they cause comes in the next frame, with the page's own.
  const drawings: Span[] = [];
  window.inspectorDrawings = drawings;
  const element = devtools as unknown as Record<'update' | 'updated', (changed: unknown) => void>;
  const { update, updated } = element;
  let started = 0;
  element.update = function (this: typeof element, changed) {
    started = performance.now();
    update.call(this, changed);
  };
  element.updated = function (this: typeof element, changed) {
    updated.call(this, changed);
    drawings.push({ start: started, ms: performance.now() - started });
  };
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
