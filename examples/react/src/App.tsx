import { useLayoutEffect, useRef, useState } from 'react';
import { useSseConnection, useSseEvent } from 'sse-kit/react';

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

export function App() {
  const [shown, setShown] = useState(true);
  return (
    <main>
      <h1>sse-kit with React</h1>
      <button id="toggle" onClick={() => setShown(!shown)}>
        {shown ? 'Unmount' : 'Mount'}
      </button>
      {shown && <Live />}
    </main>
  );
}
