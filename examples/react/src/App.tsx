import { useLayoutEffect, useRef, useState } from 'react';
import { defineStream } from 'sse-kit';
import { useSseConnection, useSseError, useSseEvent, useSseEvents, useSseReduce } from 'sse-kit/react';
import { z } from 'zod';

const DEMO = '/sse/demo';

interface Price {
  symbol: string;
  price: string;
}

function Ticker() {
  // An inline options literal is a new object on every render; the hook compares it by value.
  const tick = useSseEvent(DEMO, 'tick', { connectTimeout: 20_000 });
  // Counts commits (not renders, which StrictMode doubles), as the DOM shows them: the example test checks
  // that the stream's other events (clock, prices, heartbeats) do not re-render this component.
  const commits = useRef(0);
  const output = useRef<HTMLOutputElement>(null);
  useLayoutEffect(() => {
    output.current!.dataset.commits = String(++commits.current);
  });
  return (
    <output className="tick" ref={output}>
      {tick?.data ?? '…'}
    </output>
  );
}

function Status() {
  // The whole state: it changes with every message, so only this small component reads it.
  const connection = useSseConnection(DEMO);
  // React 19 listens to a custom element's events through on + the event's name.
  const [received, setReceived] = useState(0);
  return (
    <>
      <p>
        <sse-status src={DEMO} /> <span id="state">{connection?.state ?? '…'}</span>, held by{' '}
        <span id="holders">{connection?.refCount ?? 0}</span>
      </p>
      {/* React 19 sets these as properties: max the number 3. */}
      <sse-feed id="ticks" src={DEMO} event="tick" max={3} aria-label="Ticks" onsse-message={() => setReceived((n) => n + 1)} />
      <p>
        The feed received <span id="received">{received}</span> ticks.
      </p>
    </>
  );
}

function Live() {
  return (
    <section id="live">
      <Status />
      <p>
        Two components on one URL: <Ticker /> <Ticker />
      </p>
      {/* json is true; renderItem a function. A <template> child would not do here: React puts its children
          in the element, not in its content. */}
      <sse-feed
        id="prices"
        src={DEMO}
        event="price"
        json
        max={2}
        aria-label="Prices"
        renderItem={({ value }) => `${(value as Price).symbol} ${(value as Price).price}`}
      />
    </section>
  );
}

// A typed stream over fetch (the transport of every token or POST stream): a burst of 20 JSON events at once,
// which one network chunk brings in one store write. Every one must reach the list and the total.
const burst = defineStream(
  `/sse/chaos/stream?key=react-burst-${Math.random().toString(36).slice(2)}&count=20&interval=0&data=json&idle=100`,
  { message: z.object({ n: z.number(), name: z.string() }) },
  { transport: 'fetch' },
);

function Burst() {
  const last = useSseEvents(burst, 'message', { max: 5 });
  const total = useSseReduce(burst, 'message', (count, message) => count + (message.value.n > 0 ? 1 : 0), 0);
  const error = useSseError(burst, 'message');
  return (
    <section id="burst">
      <p>
        The newest five: <span id="burst-last">{last.map((message) => message.value.n).join(' ')}</span>; received{' '}
        <span id="burst-count">{total}</span>
        {error && <span id="burst-error"> (rejected: {error.message})</span>}
      </p>
    </section>
  );
}

export function App() {
  const [shown, setShown] = useState(true);
  return (
    <main>
      <h1>sse-kit with React</h1>
      <button id="toggle" onClick={() => setShown(!shown)}>
        {shown ? 'Unmount' : 'Mount'}
      </button>
      {shown && <Live />}
      <Burst />
    </main>
  );
}
