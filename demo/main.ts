// The tags need nothing but this import; the rest is the demo's own plain-JS use of the store.
import { connectionKey, sseStore, type SseFeed, type SseSource, type SseStatus } from '../src/index.js';

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

// Shared: which tab holds the connection, and the server's own count of connections to the stream.
const SHARED = { shared: true, resumeParam: 'lastEventID' } as const;
const sharedKey = connectionKey('/sse/shared', SHARED);
const sharedRole = document.querySelector<HTMLElement>('#shared-role')!;
const sharedCount = document.querySelector<HTMLOutputElement>('#shared-count')!;
const ROLES = {
  leader: 'leads: it holds the connection and relays it',
  follower: 'follows: another tab holds the connection and relays it here',
  local: 'has a connection of its own (no Web Locks or BroadcastChannel here)',
};
// Listening keeps `latest.connections` current; a tab that joins late gets it from the leader at once.
sseStore.getState().listen('/sse/shared', 'connections', () => {}, SHARED);
const showRole = () => {
  const connection = sseStore.getState().connections[sharedKey];
  sharedRole.textContent = connection ? ROLES[connection.role] : '…';
  sharedRole.dataset.role = connection?.role ?? '';
  sharedCount.value = connection?.latest.connections?.data ?? '…';
};
sseStore.subscribe(showRole);
showRole();

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

/** Logs a status element's state changes and errors, as the events bubble out of it. */
function logStates(status: SseStatus, log: HTMLOListElement) {
  const note = (text: string) => {
    const item = document.createElement('li');
    item.textContent = `${new Date().toLocaleTimeString('en-GB')} ${text}`;
    log.prepend(item);
    while (log.children.length > 6) log.lastElementChild!.remove();
  };
  status.addEventListener('sse-state-change', (event) => note(event.detail.state));
  status.addEventListener('sse-error', (event) => note(`${event.detail.type}: ${event.detail.message}`));
}
logStates(document.querySelector<SseStatus>('#flaky sse-status')!, document.querySelector('#flaky-log')!);

// Chaos: a stream of this tab's own, and buttons that tell the server to break it.
const chaosKey = `demo-${Math.random().toString(36).slice(2, 8)}`;
const chaos = document.querySelector<SseSource>('#chaos sse-source')!;
const chaosFeed = document.querySelector<SseFeed>('#chaos-feed')!;
// A 1 MB event would be a 1 MB line: show its size instead.
chaosFeed.renderItem = ({ message }) =>
  `#${message.lastEventId} ${message.data.length > 64 ? `(${message.data.length.toLocaleString('en')} bytes)` : message.data}`;
logStates(document.querySelector<SseStatus>('#chaos sse-status')!, document.querySelector('#chaos-log')!);
document.querySelector('#chaos-start')!.addEventListener('click', (event) => {
  chaos.src = `/sse/chaos/stream?key=${chaosKey}&count=1000000&interval=700`;
  (event.currentTarget as HTMLButtonElement).hidden = true;
});
for (const button of document.querySelectorAll<HTMLButtonElement>('#chaos [data-do]')) {
  button.addEventListener('click', () => {
    void fetch(`/sse/chaos/command?key=${chaosKey}&do=${button.dataset.do}`, { method: 'POST' });
  });
}
