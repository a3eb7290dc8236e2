// The baseline: what a careful developer writes by hand. One EventSource per widget, each message
// appended as a text node to a list trimmed to the last 100 items; for a streamed text, each message's
// data appended to one element as a text node.
import { scenarios, type MountText, type MountWidget, type Widget } from './harness.js';

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

const mountText: MountText = (container, url) => {
  const element = document.createElement('div');
  element.style.whiteSpace = 'pre-wrap';
  container.append(element);
  const source = new EventSource(url);
  let text = '';
  source.onmessage = (event) => {
    text += event.data;
    element.append(event.data);
  };
  return {
    get text() {
      return text;
    },
    get shown() {
      return element.textContent ?? '';
    },
    remove() {
      source.close();
      element.remove();
    },
  };
};

window.bench = scenarios(mount, (widget) => widget.root as Node, mountText);
window.benchReady = true;
