// The tags need nothing but this import; the rest is the demo's own plain-JS use of the store.
import { z } from 'zod';
import { connectionKey, defineStream, sseStore, type SseFeed, type SseSource, type SseStatus } from '../src/index.js';

const demoKey = connectionKey('/sse/demo');

// The server's count arrives as a `stats` event; the store's count is read from its state.
const serverCount = document.querySelector<HTMLOutputElement>('#server-count')!;
const tileCount = document.querySelector<HTMLOutputElement>('#tile-count')!;
const otherCount = document.querySelector<HTMLOutputElement>('#other-count')!;
const tiles = document.querySelectorAll('#panel sse-feed').length;
sseStore.getState().listen('/sse/demo', 'stats', (message) => {
  try {
    serverCount.value = String((JSON.parse(message.data) as { demo: number }).demo);
  } catch {
    serverCount.value = '?';
  }
});
/** The page's elements that hold the demo's connection, outside the panel: what the sentence counts apart. */
const onDemo = (element: Element) => (element as SseFeed).connection?.key === demoKey;
const showRefCount = () => {
  // The panel's tiles (its title's 12) apart from the other panels' widgets on the same connection, counted
  // as elements: the store's refCount also counts the demo's own `stats` listener and the htmx widgets' holds.
  const connection = sseStore.getState().connections[demoKey];
  if (!connection) return;
  tileCount.value = String(tiles);
  otherCount.value = String([...document.querySelectorAll('sse-feed, sse-status, sse-text')].filter((element) => onDemo(element) && !element.closest('#panel')).length);
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

// Prices, typed: the ticker's events are checked by a schema in the store, once for every holder. One the
// schema refuses (the server sends it on request) is an `sse-error` on the feed and a count in the state.
// `persist` (the stream's options are the feed's): after a reload the ticker shows its prices at once.
const prices = defineStream(
  '/sse/demo',
  { price: z.object({ symbol: z.string(), price: z.string().regex(/^\d+\.\d\d$/), change: z.string() }) },
  { persist: true },
);
const ticker = document.querySelector<SseFeed>('#prices sse-feed')!;
ticker.stream = prices;
const rejection = document.querySelector<HTMLElement>('#price-rejection')!;
ticker.addEventListener('sse-error', (event) => {
  if (event.detail.type == 'invalid') rejection.textContent = `${event.detail.message} (data: ${event.detail.data})`;
});
const priceRejected = document.querySelector<HTMLOutputElement>('#price-rejected')!;
sseStore.subscribe((state) => (priceRejected.value = String(state.connections[prices.key]?.rejected ?? 0)));
document.querySelector('#bad-price')!.addEventListener('click', () => void fetch('/sse/demo/bad-price', { method: 'POST' }));

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

// Behind a token: the headers function runs before every attempt and fetches a token when the one in
// hand has expired (a second early, so it never goes out stale); a 401 waits for "Sign in again".
const session = `demo-${Math.random().toString(36).slice(2, 8)}`;
const authSource = document.querySelector<SseSource>('#auth-source')!;
const tokensFetched = document.querySelector<HTMLOutputElement>('#auth-tokens')!;
let token: { token: string; expiresAt: number } | null = null;
authSource.headers = async () => {
  if (!token || token.expiresAt - 1000 < Date.now()) {
    const response = await fetch(`/sse/auth/token?session=${session}`, { method: 'POST' });
    if (!response.ok) throw new Error(`the token service answered ${response.status}`);
    token = (await response.json()) as { token: string; expiresAt: number };
    tokensFetched.value = String(Number(tokensFetched.value) + 1);
  }
  return { authorization: `Bearer ${token.token}` };
};
authSource.src = `/sse/auth/stream?session=${session}`;
const authStatus = authSource.querySelector<SseStatus>('sse-status')!;
logStates(authStatus, document.querySelector('#auth-log')!);
document.querySelector('#auth-revoke')!.addEventListener('click', () => {
  void fetch(`/sse/auth/revoke?session=${session}`, { method: 'POST' });
});
document.querySelector('#auth-signin')!.addEventListener('click', () => {
  token = null;
  authStatus.retry();
});

// Ask: each question is a POST body and an answer of its own (the server keeps each answer's events by id);
// Stop lets go of the stream, which aborts the request. With `persist` on the source, a reload brings the text
// back and GETs the rest of the answer from its resume URL: the page keeps which answer it shows in this tab's
// sessionStorage, so the reloaded page shows the same one.
const ASKED = 'sse-kit demo: the answer shown';
const asked = JSON.parse(sessionStorage.getItem(ASKED) ?? 'null') as { askKey: string; body: string; answer: string } | null;
const askKey = asked?.askKey ?? `demo-${Math.random().toString(36).slice(2, 8)}`;
const askSource = document.querySelector<SseSource>('#ask-source')!;
const askForm = document.querySelector<HTMLFormElement>('#ask-form')!;
const askStatus = document.querySelector<SseStatus>('#ask-source sse-status')!;
const showAskStats = async () => {
  const stats = (await (await fetch(`/sse/ask/stats?key=${askKey}`)).json()) as { requests: number; aborted: number; resumes: number };
  document.querySelector<HTMLOutputElement>('#ask-requests')!.value = String(stats.requests);
  document.querySelector<HTMLOutputElement>('#ask-aborted')!.value = String(stats.aborted);
  document.querySelector<HTMLOutputElement>('#ask-resumes')!.value = String(stats.resumes);
};
/** Shows the answer `answer` to `body` (asked now, or resumed or shown again after a reload). */
const showAnswer = (body: string, answer: string) => {
  sessionStorage.setItem(ASKED, JSON.stringify({ askKey, body, answer }));
  askSource.body = body;
  askSource.resumeSrc = `/sse/ask/stream?answer=${answer}`;
  askSource.src = `/sse/ask?key=${askKey}&interval=120&answer=${answer}`;
  askStatus.hidden = false;
};
if (asked) showAnswer(asked.body, asked.answer);
askForm.addEventListener('submit', (event) => {
  event.preventDefault();
  // A new answer each time, asked again even for the same question.
  showAnswer(JSON.stringify({ question: new FormData(askForm).get('question') }), Math.random().toString(36).slice(2, 10));
});
document.querySelector('#ask-stop')!.addEventListener('click', () => {
  // Back to waiting for a question: the answer empties and its slot asks for one again.
  sessionStorage.removeItem(ASKED);
  askSource.src = null;
  askStatus.hidden = true;
  // The server hears of the abort when the connection closes, which a busy browser may take a moment to do.
  for (const ms of [200, 1000, 2500]) setTimeout(showAskStats, ms);
});
askSource.addEventListener('sse-state-change', () => void showAskStats());

// Chaos: a stream of this tab's own, and buttons that tell the server to break it.
const chaosKey = `demo-${Math.random().toString(36).slice(2, 8)}`;
const chaos = document.querySelector<SseSource>('#chaos sse-source')!;
const chaosFeed = document.querySelector<SseFeed>('#chaos-feed')!;
// A 1 MB event would be a 1 MB line: show its size instead.
chaosFeed.renderItem = ({ message }) =>
  `#${message.lastEventId} ${message.data.length > 64 ? `(${message.data.length.toLocaleString('en')} bytes)` : message.data}`;
const chaosStatus = document.querySelector<SseStatus>('#chaos sse-status')!;
logStates(chaosStatus, document.querySelector('#chaos-log')!);
document.querySelector('#chaos-start')!.addEventListener('click', (event) => {
  chaos.src = `/sse/chaos/stream?key=${chaosKey}&count=1000000&interval=700`;
  chaosStatus.hidden = false;
  (event.currentTarget as HTMLButtonElement).hidden = true;
  // A hidden button loses focus to <body>: keyboard focus goes on to the first fault, what comes next.
  document.querySelector<HTMLButtonElement>('#chaos [data-do]')!.focus();
});
for (const button of document.querySelectorAll<HTMLButtonElement>('#chaos [data-do]')) {
  button.addEventListener('click', () => {
    void fetch(`/sse/chaos/command?key=${chaosKey}&do=${button.dataset.do}`, { method: 'POST' });
  });
}

// The inspector loads on demand (a button, or ?devtools in the URL): a page without it never downloads it.
const openDevtools = async () => {
  await import('../src/devtools/index.js');
  const devtools = document.querySelector('sse-devtools') ?? document.body.appendChild(document.createElement('sse-devtools'));
  devtools.open = true;
};
document.querySelector('#devtools-open')!.addEventListener('click', () => void openDevtools());
if (new URLSearchParams(location.search).has('devtools')) void openDevtools();
