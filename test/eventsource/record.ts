// Records what an EventSource (the browser's or sse-kit's) dispatches, as lines that compare between the
// two: `open 1`, `error 0`, `message 3 id=3`, with the readyState seen inside each handler.

export interface EventSourceLike extends EventTarget {
  readonly readyState: number;
  close(): void;
}

export interface Recording {
  /** One line per event, in order: `<type> <readyState>`, and `<data> id=<lastEventId>` for a message. */
  lines: string[];
  /** The MessageEvents, for their other fields. */
  messages: MessageEvent[];
}

/** Starts recording `source`'s `open` and `error` events and its messages of the given names. */
export function record(source: EventSourceLike, names: string[] = ['message']): Recording {
  const recording: Recording = { lines: [], messages: [] };
  for (const type of ['open', 'error']) {
    source.addEventListener(type, (event) => {
      // A server event named "error" or "open" is a MessageEvent: recorded as one below.
      if (!(event instanceof MessageEvent)) recording.lines.push(`${type} ${source.readyState}`);
    });
  }
  for (const name of names) {
    source.addEventListener(name, (event) => {
      if (!(event instanceof MessageEvent)) return;
      const message = event;
      recording.messages.push(message);
      recording.lines.push(`${message.type} ${source.readyState} ${String(message.data)} id=${message.lastEventId}`);
    });
  }
  return recording;
}

/** The lines of `recording` as a message for a failed assertion. */
export const said = (what: string, recording: Recording) => `${what}; saw: ${JSON.stringify(recording.lines)}`;
