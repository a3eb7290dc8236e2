import type { SseTransport } from '../transport.js';

/**
 * The browser's own EventSource, as it was when sse-kit loaded: `installEventSource()` (sse-kit/eventsource)
 * may later put SseEventSource, which is built on this transport, at the global, and this transport must not
 * build on itself. Where there is none yet (a polyfill installed later, SSR), the global is read at each use.
 */
const BrowserEventSource: typeof EventSource | undefined = typeof EventSource === 'function' ? EventSource : undefined;
const browserEventSource = (): typeof EventSource | undefined =>
  BrowserEventSource ?? (typeof EventSource === 'function' ? EventSource : undefined);

/**
 * The browser's own EventSource: no headers, no body, no status, but its own reconnect (with
 * `Last-Event-ID`) after a drop. What it cannot tell, it does not guess: a refusal carries no status.
 */
export const eventSourceTransport: SseTransport = {
  get supported() {
    return browserEventSource() !== undefined;
  },
  connect(url, request, handlers) {
    const Native = browserEventSource()!;
    const source = new Native(url, { withCredentials: request.withCredentials });
    /** The id of this EventSource's previous event: a new one starts with none. */
    let previous = '';
    const onMessage = (event: Event) => {
      // A server event named "error" or "open" shares its name with the EventSource's own events.
      if (!(event instanceof MessageEvent)) return;
      // EventSource does not say whether an event had an id of its own: an id that changed did.
      const hasId = event.lastEventId !== previous;
      previous = event.lastEventId;
      handlers.message(event.type, String(event.data), event.lastEventId, hasId);
    };
    // A server event named "open" or "error" reaches these handlers too, as a MessageEvent: it is a message.
    source.onopen = (event) => {
      if (!(event instanceof MessageEvent)) handlers.open();
    };
    source.onerror = (event) => {
      if (event instanceof MessageEvent) return;
      if (source.readyState !== Native.CLOSED) return handlers.reconnecting();
      handlers.failed({ message: 'Refused: HTTP error, not text/event-stream, or network failure' });
    };
    return {
      // Adding the same listener twice is a no-op, so subscribing twice is too.
      subscribe: (type) => source.addEventListener(type, onMessage),
      // A closed EventSource dispatches nothing more; the lifecycle ignores a replaced attempt's callbacks anyway.
      // Except in WebKit, which reopens one closed as its page went into the back/forward cache when the page
      // comes back (`error` with readyState CONNECTING, then a request): it is closed again at once.
      close() {
        source.onerror = () => source.close();
        source.close();
      },
    };
  },
};
