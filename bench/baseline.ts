// The baseline: what a careful developer writes by hand. One EventSource per widget, each message
// appended as a text node to a list trimmed to the last 100 items.
import { scenarios, type MountWidget, type Widget } from './harness.js';

const mount: MountWidget = (container, url) => {
  const list = document.createElement('div');
  container.append(list);
  const source = new EventSource(url);
  let delivered = 0;
  source.onmessage = (event) => {
    delivered += 1;
    const item = document.createElement('div');
    item.dataset.item = '';
    item.textContent = event.data;
    list.append(item);
    if (list.childElementCount > 100) list.firstElementChild!.remove();
  };
  const widget: Widget = {
    root: list,
    get delivered() {
      return delivered;
    },
    remove() {
      source.close();
      list.remove();
    },
  };
  return widget;
};

window.bench = scenarios(mount, (widget) => widget.root as Node);
window.benchReady = true;
