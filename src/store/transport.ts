/** What a transport reports about one connection attempt. */
export interface TransportHandlers {
  open(): void;
  message(type: string, data: string, lastEventId: string): void;
  /**
   * `fatal: false` means the transport is reconnecting by itself (the browser's EventSource does,
   * resending Last-Event-ID); `fatal: true` means this attempt is over and the store decides what next.
   */
  error(fatal: boolean): void;
}

/** One live attempt. */
export interface TransportConnection {
  /** Start delivering events named `type` (EventSource only dispatches names it was asked for). */
  subscribe(type: string): void;
  close(): void;
}

/**
 * How the store makes connections. The default wraps the browser's EventSource; a fetch-based one
 * (custom headers) or a cross-tab one can be injected through `createSseStore({ transport })`.
 */
export interface SseTransport {
  /** False where the transport cannot work (no EventSource): the connection closes with a clear error. */
  readonly supported: boolean;
  connect(url: string, init: { withCredentials: boolean }, handlers: TransportHandlers): TransportConnection;
}

export const eventSourceTransport: SseTransport = {
  get supported() {
    return typeof EventSource === 'function';
  },
  connect(url, init, handlers) {
    const source = new EventSource(url, init);
    const onMessage = (event: Event) => {
      // A server event named "error" or "open" shares its name with the EventSource's own events.
      if (!(event instanceof MessageEvent)) return;
      handlers.message(event.type, String(event.data), event.lastEventId);
    };
    source.onopen = () => handlers.open();
    source.onerror = () => handlers.error(source.readyState === EventSource.CLOSED);
    return {
      // Adding the same listener twice is a no-op, so subscribing twice is too.
      subscribe: (type) => source.addEventListener(type, onMessage),
      // A closed EventSource dispatches nothing more; the store ignores a replaced attempt's callbacks anyway.
      close: () => source.close(),
    };
  },
};
