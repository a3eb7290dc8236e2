import type { StandardSchemaV1 } from './standard-schema.js';

/** Where a connection is in its life. */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'paused' | 'closed';

/** What went wrong, as data: `type` is for code, `message` is for people. */
export interface SseError {
  type:
    | 'invalid-url' // the URL does not parse, or is not http(s)
    | 'unsupported' // no EventSource (or injected transport) in this environment
    | 'refused' // the server ended the stream for good: HTTP error, wrong content type, or the request failed
    | 'headers' // the `headers` function threw or rejected; retried with backoff
    | 'incomplete' // a `once` stream broke off (or was stopped by a fault) before it finished
    | 'retries-exhausted' // maxRetries reached; `message` says what the last failure was
    | 'timeout' // an attempt did not open within `connectTimeout` (in Firefox, also the hint while it waits on for a first byte)
    | 'stalled' // no event arrived within `staleAfter`
    | 'connection-limit' // still waiting: the page has the origin's 6 HTTP/1.1 connections open (a hint, or why it timed out)
    | 'listener' // a listener threw; the other listeners still got the message
    | 'parse' // a message's data is not JSON (for `'json'` or a schema), or its decoder function threw
    | 'invalid' // a message's JSON does not match its schema: `issues` says where and why
    | 'render' // an element's renderItem threw
    | 'storage'; // the storage `persist` uses threw, is full or held something unreadable: nothing more is saved there
  message: string;
  /** The HTTP status, whenever it is known (the fetch transport sees it; EventSource hides it). */
  status?: number;
  /** The message's data, when the error is about one message (`parse`, `invalid`, `render`): nothing is lost. */
  data?: string;
  /** What the schema said, for `invalid`: each issue's message, and the path to the value it is about. */
  issues?: SseIssue[] | undefined;
}

/** One thing a schema found wrong with a message's value. */
export interface SseIssue {
  message: string;
  /** The keys from the value's root to the part that is wrong (`['quote', 'last']`); undefined or empty for the root. */
  path?: PropertyKey[] | undefined;
}

/** One server-sent event as the transport reads it, before it is decoded. */
export interface SseRawMessage {
  /** The event name (`message` when the server sent no `event:` field). */
  type: string;
  data: string;
  lastEventId: string;
  /** `Date.now()` when the browser handed the event over. */
  receivedAt: number;
}

/** One server-sent event, as delivered to listeners: its fields, and its data decoded once for every holder. */
export interface SseMessage<T = unknown> extends SseRawMessage {
  /**
   * The data as the holder's decoder made it (a Standard Schema's output, parsed JSON, a function's result),
   * or the data itself without one. Shared by every holder with the same decoder: treat it as read-only.
   */
  value: T;
}

/**
 * How one event's data becomes its value: a Standard Schema (zod, valibot, arktype, …: the data is parsed as
 * JSON, then validated), `'json'`, `'text'` (the data itself, the default), or a function of the data.
 */
export type SseDecoder<T = unknown> = StandardSchemaV1<unknown, T> | 'json' | 'text' | ((data: string, message: SseRawMessage) => T);

/** Event names and how each one's data is decoded. */
export type SseEvents = Readonly<Record<string, SseDecoder>>;

/** The value type a decoder gives: a schema's output, a function's result, `unknown` for JSON, `string` for text. */
export type SseValueOf<D> = D extends StandardSchemaV1
  ? StandardSchemaV1.InferOutput<D>
  : D extends 'text'
    ? string
    : D extends (data: string, message: SseRawMessage) => infer T
      ? T
      : unknown;

/** The public, serialisable state of one shared connection. */
export interface ConnectionState {
  key: string;
  /** Absolute URL the connection uses (the input as given when it does not parse). */
  url: string;
  /** How the connection is made: the browser's `EventSource`, or `fetch` with a streaming body. */
  transport: SseTransportName;
  state: ConnectionStatus;
  /** How many holders (listeners and retainers) in this tab keep it open. */
  refCount: number;
  /**
   * Who holds the network connection: `local`, this tab alone (not `shared`, or `shared` where Web Locks or
   * BroadcastChannel are missing); `leader`, this tab, for every tab; `follower`, another tab, relaying here.
   */
  role: 'local' | 'leader' | 'follower';
  /** The id of the newest event that carried one; sent back as `Last-Event-ID` by the browser's reconnects. */
  lastEventId: string;
  /** Retries made since the last successful open (0 while healthy). */
  attempt: number;
  /** `Date.now()`-based time of the next scheduled retry, or null when none is scheduled. */
  retryAt: number | null;
  error: SseError | null;
  /** The browser reported the network gone (`offline`); retries resume at once on `online`. */
  offline: boolean;
  /** `Date.now()` of the newest event, or of the open when none has come since; null before the first open. */
  lastEventAt: number | null;
  /** Messages received. This, `rejected`, `latest`, `lastEventId` and `lastEventAt` are written once per task, after the listeners ran. */
  messageCount: number;
  /** Messages received that a holder's decoder rejected (`parse`, `invalid`): not delivered to that holder. */
  rejected: number;
  /**
   * The newest message of each event name the connection receives (those listened to, and the heartbeat),
   * decoded by its first holder's decoder (text when none names one); one that decoder rejected is not kept.
   */
  latest: Record<string, SseMessage>;
}

/** Request headers, or a function that makes them before every attempt (a fresh token each time). */
export type SseHeaders = Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);

/** How a connection is made: the browser's `EventSource`, or `fetch` with a streaming body. */
export type SseTransportName = 'eventsource' | 'fetch';

/**
 * Options that identify and shape one connection. `withCredentials` is part of its key; for the others,
 * each holder fills in what earlier holders left unset (the first to set an option decides it).
 */
export interface ConnectionOptions {
  /** Send cookies on cross-origin requests; such a connection is keyed apart from one without. */
  withCredentials?: boolean;
  /**
   * Ms an attempt may take to open (a proxy that never answers) before it is retried with backoff. Default 15000;
   * 0: wait forever. For the browser's own reconnect it counts from the drop, `retry:` wait included.
   */
  connectTimeout?: number;
  /** Ms without any event after which the stream counts as stalled and is reopened. Off (0) by default. */
  staleAfter?: number;
  /** The event the server sends to keep a quiet stream alive; the watchdog listens for it. Default `heartbeat`. */
  heartbeat?: string;
  /** Ms the page may stay hidden before the connection closes (state `paused`); it reopens when visible. Off by default. */
  pauseWhenHidden?: number;
  /** Query parameter that carries the last event id when sse-kit itself reopens (e.g. Mercure's `lastEventID`). */
  resumeParam?: string;
  /**
   * Request headers (fetch transport). A function is called before every attempt, whoever triggers it, so a
   * refreshed token is always the one sent. Header names join the key, values do not; the newest holder's
   * headers are the ones used.
   */
  headers?: SseHeaders;
  /** HTTP method (fetch transport). Default `GET`. */
  method?: string;
  /** Request body (fetch transport), e.g. a JSON prompt. */
  body?: string;
  /** `fetch` when `headers`, `body` or a method other than GET is set, else `eventsource`. */
  transport?: SseTransportName;
  /**
   * A one-shot stream (a generated answer): when the server ends it after it opened, it is `closed` with
   * `error: null` and never reconnects; a break is an `incomplete` error. `reconnect()` starts it again.
   */
  once?: boolean;
  /** With `once`: a message whose data equals this (e.g. `[DONE]`) ends the stream; it is not delivered. */
  endOn?: string;
  /** One connection per key for the whole browser: one tab holds it and relays to the others. */
  shared?: boolean;
  /**
   * Who the connection is for (a user or account id): connections for different identities are never one,
   * in a page, across tabs (`shared`) or in saved ids. It joins the key. With `shared`, set it whenever the
   * request carries credentials in `headers`: a headers function without it is not shared across tabs,
   * and without it plain header values key the connection (so a refreshed token opens a new one).
   */
  identity?: string;
  /**
   * Remember the connection in the store's `storage` (`sessionStorage` unless set): its last event id, saved as
   * it changes, and the ids it delivered. A connection made later in this tab (after a reload, a back/forward
   * trip) starts from that id, and an event whose own id was delivered already is dropped. The fetch transport
   * sends the id as `Last-Event-ID` on its first request; EventSource only through `resumeParam`. Not part of
   * the key: set it on every holder of the connection (on the `<sse-source>`).
   */
  persist?: boolean;
  /**
   * With `persist`, for a one-shot answer (`once`, `endOn`): the URL that serves the rest of an answer a reload
   * broke off, e.g. `/api/chat/42/stream`. The connection made after the reload GETs it with the last id
   * (`Last-Event-ID`) instead of asking again. Without it, such an answer comes back closed as `incomplete`.
   */
  resumeSrc?: string;
  /**
   * What happens when an attempt fails. `backoff` (the default): HTTP errors and network failures are retried
   * with exponential backoff and jitter (204 and 4xx but 408/429 wait for `reconnect()`), honouring
   * `Retry-After`. `native`: as the browser's `EventSource` does: an HTTP error or another content type closes
   * the connection for good (`refused`); a network failure is retried after the server's `retry:` time.
   * A drop is reconnected after the server's `retry:` time either way. Keyed apart.
   */
  reconnect?: 'backoff' | 'native';
}

/**
 * Where `persist` keeps what it saves: `sessionStorage` (the default: per tab, it survives reloads and
 * back/forward), `localStorage` (every tab of the origin, until removed), or any object with these three methods.
 */
export interface SseStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
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

export type SseListener<T = unknown> = (message: SseMessage<T>) => void;

/** How `listen` holds a connection: its options, and where the messages its decoders reject go. */
export interface SseListenOptions extends ConnectionOptions {
  /** Each message of the listened events that the listener's decoder rejected (`parse`, `invalid`), in order. */
  onReject?: (error: SseError) => void;
}
export type Release = () => void;
