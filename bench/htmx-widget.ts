// The htmx contender: the same list widget as htmx-ext-sse markup, `sse-connect` on a wrapper and an
// `sse-swap` child that each message replaces (innerHTML), marked as the list's item once it shows one.
// The two htmx pages differ only in the EventSource htmx-ext-sse makes (bench/htmx.ts, bench/htmx-sse-kit.ts).
import htmx from 'htmx.org';
import { scenarios, type MountText, type MountWidget } from './harness.js';

const mount: MountWidget = (container, url) => {
  const wrapper = document.createElement('div');
  wrapper.setAttribute('hx-ext', 'sse');
  wrapper.setAttribute('sse-connect', url);
  const target = document.createElement('div');
  target.setAttribute('sse-swap', 'message');
  wrapper.append(target);
  let delivered = 0;
  let firstAt: number | undefined;
  // After htmx swapped the message in: the item is there from the first one on.
  target.addEventListener('htmx:sseMessage', () => {
    if (!delivered++) {
      firstAt = performance.now();
      target.dataset.item = '';
    }
  });
  container.append(wrapper);
  htmx.process(wrapper);
  return {
    root: wrapper,
    get delivered() {
      return delivered;
    },
    get firstAt() {
      return firstAt;
    },
    // Swapped out, htmx cleans the widget up and htmx-ext-sse closes its EventSource.
    remove: () => htmx.swap(wrapper, '', { swapStyle: 'outerHTML', swapDelay: 0, settleDelay: 0 }),
  };
};

const mountText: MountText = () => {
  throw new Error('The htmx pages measure lists only');
};

/** Starts the page once htmx-ext-sse is loaded (after the page chose its EventSource). */
export async function start(): Promise<void> {
  await import('htmx-ext-sse');
  window.bench = scenarios(mount, (widget) => widget.root as Node, mountText);
  window.benchReady = true;
}
