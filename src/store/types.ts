/** Where a connection is in its life. */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** What went wrong, as data: `type` is for code, `message` is for people. */
export interface SseError {
  type:
    | 'invalid-url' // the URL does not parse, or is not http(s)
    | 'unsupported' // no EventSource (or injected transport) in this environment
    | 'refused' // the server ended the stream for good: HTTP error, wrong content type, or the request failed
    | 'retries-exhausted' // maxRetries reached; `message` says what the last failure was
    | 'listener' // a listener threw; the other listeners still got the message
    | 'parse' // an element could not parse a message as JSON
    | 'render'; // an element's renderItem threw
  message: string;
}

/** One server-sent event, as delivered to listeners. */
export interface SseMessage {
  /** The event name (`message` when the server sent no `event:` field). */
  type: string;
  data: string;
  lastEventId: string;
  /** `Date.now()` when the browser handed the event over. */
  receivedAt: number;
}

/** The public, serialisable state of one shared connection. */
export interface ConnectionState {
  key: string;
  /** Absolute URL the connection uses (the input as given when it does not parse). */
  url: string;
  state: ConnectionStatus;
  /** How many holders (listeners and retainers) keep it open. */
  refCount: number;
  /** The id of the newest event that carried one; sent back as `Last-Event-ID` by the browser's reconnects. */
  lastEventId: string;
  /** Retries made since the last successful open (0 while healthy). */
  attempt: number;
  /** `Date.now()`-based time of the next scheduled retry, or null when none is scheduled. */
  retryAt: number | null;
  error: SseError | null;
  messageCount: number;
  /** The newest message of each event name that someone listens to. */
  latest: Record<string, SseMessage>;
}

/** Options that identify and shape one connection. */
export interface ConnectionOptions {
  /** Send cookies on cross-origin requests; such a connection is keyed apart from one without. */
  withCredentials?: boolean;
}

/** Exponential backoff with full jitter, used after the stream ends for good. */
export interface BackoffOptions {
  /** First delay's upper bound, ms. */
  base: number;
  factor: number;
  /** Upper bound of any delay, ms. */
  cap: number;
  /** Give up after this many retries in a row (Infinity: never). */
  maxRetries: number;
}

export type SseListener = (message: SseMessage) => void;
export type Release = () => void;
