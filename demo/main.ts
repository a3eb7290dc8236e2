// The tags need nothing but this import; the rest is the demo's own plain-JS use of the store.
import { connectionKey, sseStore, type SseStatus } from '../src/index.js';

const demoKey = connectionKey('/sse/demo');

// The server's count arrives as a `stats` event; the store's count is read from its state.
const serverCount = document.querySelector<HTMLOutputElement>('#server-count')!;
const refCount = document.querySelector<HTMLOutputElement>('#ref-count')!;
sseStore.getState().listen('/sse/demo', 'stats', (message) => {
  try {
    serverCount.value = String((JSON.parse(message.data) as { demo: number }).demo);
  } catch {
    serverCount.value = '?';
  }
});
const showRefCount = () => {
  // Minus the demo's own `stats` listener above: the widgets are what the sentence counts.
  const holders = sseStore.getState().connections[demoKey]?.refCount ?? 0;
  refCount.value = String(Math.max(0, holders - 1));
};
sseStore.subscribe(showRefCount);
showRefCount();

// Chat: POST, and the message comes back over SSE to every tab.
const form = document.querySelector<HTMLFormElement>('#chat-form')!;
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const response = await fetch('/sse/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: data.get('name'), text: data.get('text') }),
  });
  if (response.ok) (form.elements.namedItem('text') as HTMLInputElement).value = '';
});

// The flaky panel's state changes, as the events bubble out of <sse-status>.
const log = document.querySelector<HTMLOListElement>('#flaky-log')!;
const flaky = document.querySelector<SseStatus>('#flaky sse-status')!;
const note = (text: string) => {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString('en-GB')} ${text}`;
  log.prepend(item);
  while (log.children.length > 6) log.lastElementChild!.remove();
};
flaky.addEventListener('sse-state-change', (event) => note(event.detail.state));
flaky.addEventListener('sse-error', (event) => note(`error (${event.detail.type})`));
