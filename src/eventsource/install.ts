import { SseEventSource, type SseEventSourceInit } from './sse-event-source.js';

/**
 * Puts an `SseEventSource` at `globalThis.EventSource`, for code that calls the global and takes no
 * constructor of its own (Turbo's `<turbo-stream-source>`, older widgets): from now on every `new EventSource()`
 * on the page shares sse-kit's connections. `defaults` are given to every instance; an instance's own init
 * wins. sse-kit's own connections keep using the browser's EventSource. Never done by importing sse-kit.
 *
 * @returns the undo: puts back what was at `globalThis.EventSource` before, unless something else replaced it since
 */
export function installEventSource(defaults: SseEventSourceInit = {}): () => void {
  const previous = Object.getOwnPropertyDescriptor(globalThis, 'EventSource');
  class InstalledEventSource extends SseEventSource {
    constructor(url: string | URL, init?: SseEventSourceInit | null) {
      if (arguments.length === 0) throw new TypeError("Failed to construct 'EventSource': 1 argument required, but only 0 present.");
      super(url, { ...defaults, ...init });
    }
  }
  // Writable, configurable and not enumerable, as the browser's own interface object is.
  Object.defineProperty(globalThis, 'EventSource', { value: InstalledEventSource, writable: true, configurable: true, enumerable: false });
  return () => {
    if (globalThis.EventSource !== InstalledEventSource) return;
    if (previous) Object.defineProperty(globalThis, 'EventSource', previous);
    else delete (globalThis as { EventSource?: unknown }).EventSource;
  };
}
