// sse-kit: the same widget as a plain <sse-feed> (max 100), all of them sharing the page's store; the
// options (a transport) are set as properties.
import 'sse-kit';
import { scenarios, type MountText, type MountWidget } from './harness.js';

const mount: MountWidget = (container, url, options = {}) => {
  const feed = document.createElement('sse-feed');
  Object.assign(feed, options);
  feed.src = url;
  feed.max = 100;
  let delivered = 0;
  feed.addEventListener('sse-message', () => delivered++);
  container.append(feed);
  return {
    root: feed.shadowRoot!,
    get delivered() {
      return delivered;
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
