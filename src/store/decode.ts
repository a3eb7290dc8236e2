// The per-message step's decoding, for a tab's own connections and `shared` ones alike (registry.ts calls it
// once per message per connection, in every tab for its own holders): each distinct decoder of the holders of
// the message's event runs once, JSON is parsed at most once, and every holder with that decoder gets the same
// value. Messages are handed on in the order they came, however long an async schema takes.
import { messageOf } from './errors.js';
import type { Subscription } from './holders.js';
import type { SseDecoder, SseError, SseIssue, SseMessage, SseRawMessage } from './types.js';
import type { StandardSchemaV1 } from './standard-schema.js';

/** What one decoder made of one message: the message with its value, or the error that rejected it. */
export interface Outcome {
  decoder: SseDecoder;
  message?: SseMessage;
  error?: SseError;
}

/** One message, as each distinct decoder of its event's holders made it. */
export interface Decoded {
  raw: SseRawMessage;
  outcomes: Outcome[];
  /** The outcome `latest` keeps: the first holder's that names a decoder (text when none does). */
  kept: Outcome;
}

/** Which decoder made each message of a state's `latest`, by event name, so a typed read knows the value is its own. */
const keptBy = new WeakMap<object, Record<string, SseDecoder>>();

/** `latest` with a batch's messages in (those their decoder kept), each remembered with its decoder: once per batch. */
export function withLatest(latest: Record<string, SseMessage>, batch: readonly Decoded[]): Record<string, SseMessage> {
  const next = { ...latest };
  const by = { ...keptBy.get(latest) };
  for (const { kept } of batch) {
    if (!kept.message) continue;
    next[kept.message.type] = kept.message;
    by[kept.message.type] = kept.decoder;
  }
  keptBy.set(next, by);
  return next;
}

/** Whether `latest[event]` (of a state) was decoded by `decoder`; not for a `latest` relayed from another tab. */
export const decodedBy = (latest: Record<string, SseMessage> | undefined, event: string, decoder: SseDecoder): boolean =>
  !!latest?.[event] && keptBy.get(latest)?.[event] === decoder;

/** A subscription's decoder for the event `type`: text unless it names one. */
export const decoderOf = (subscription: Subscription, type: string): SseDecoder => subscription.events[type] ?? 'text';

type Parsed = { value: unknown } | { error: SseError };

const rejection = (raw: SseRawMessage, type: SseError['type'], why: string, issues?: SseIssue[]): SseError => ({
  type,
  message: `"${raw.type}" ${why}`,
  data: raw.data,
  issues,
});

function parse(raw: SseRawMessage): Parsed {
  try {
    return { value: JSON.parse(raw.data) };
  } catch (error) {
    return { error: rejection(raw, 'parse', `is not JSON: ${messageOf(error)}`) };
  }
}

/** Runs one decoder on one message; a schema may answer later. `parsed` parses the data once for all of them. */
function run(decoder: SseDecoder, raw: SseRawMessage, parsed: () => Parsed): Outcome | Promise<Outcome> {
  const made = (value: unknown): Outcome => ({ decoder, message: { ...raw, value } });
  const failed = (error: SseError): Outcome => ({ decoder, error });
  if (decoder == 'text') return made(raw.data);
  const schema = typeof decoder != 'string' && '~standard' in decoder ? decoder['~standard'] : undefined;
  try {
    if (!schema && typeof decoder == 'function') return made(decoder(raw.data, raw));
  } catch (error) {
    return failed(rejection(raw, 'parse', `decoder threw: ${messageOf(error)}`));
  }
  const json = parsed();
  if ('error' in json) return failed(json.error);
  if (!schema) return made(json.value);
  const checked = (result: StandardSchemaV1.Result<unknown>): Outcome => {
    if (!result.issues) return made(result.value);
    const issues: SseIssue[] = result.issues.map(({ message, path }) => ({
      message,
      path: path?.map((segment) => (typeof segment == 'object' ? segment.key : segment)),
    }));
    const { message = 'rejected', path = [] } = issues[0] ?? {};
    return failed(rejection(raw, 'invalid', `does not match its schema: ${message}${path[0] === undefined ? '' : ` at ${path.map(String).join('.')}`}`, issues));
  };
  // A schema that throws (or rejects) rejects the message too: nothing it did not pass reaches a listener.
  const threw = (error: unknown) => failed(rejection(raw, 'invalid', `schema threw: ${messageOf(error)}`));
  try {
    const result = schema.validate(json.value);
    return result instanceof Promise ? result.then(checked, threw) : checked(result);
  } catch (error) {
    return threw(error);
  }
}

/** Decodes `raw` once per distinct decoder of the active subscriptions to its event. */
function decode(raw: SseRawMessage, subscriptions: Iterable<Subscription> | undefined): Decoded | Promise<Decoded> {
  // Text always: it costs an object, and `latest` keeps it when no holder names a decoder.
  const decoders: SseDecoder[] = ['text'];
  for (const subscription of subscriptions ?? []) {
    const decoder = decoderOf(subscription, raw.type);
    if (subscription.active && !decoders.includes(decoder)) decoders.push(decoder);
  }
  let json: Parsed | undefined;
  const parsed = () => (json ??= parse(raw));
  const outcomes = decoders.map((decoder) => run(decoder, raw, parsed));
  // The first decoder a holder named comes right after text.
  const done = (all: Outcome[]): Decoded => ({ raw, outcomes: all, kept: all[1] ?? all[0] });
  return outcomes.some((outcome) => outcome instanceof Promise) ? Promise.all(outcomes).then(done) : done(outcomes as Outcome[]);
}

/**
 * The decoding of one connection's messages: each is decoded for the subscriptions to its event, and handed
 * to `then` in the order the messages came. Synchronous while nothing waits; once an async schema makes a
 * message wait, the messages after it wait their turn behind it.
 */
export function decoding(): (raw: SseRawMessage, subscriptions: Iterable<Subscription> | undefined, then: (decoded: Decoded) => void) => void {
  /** The hand-over of the newest waiting message; undefined once nothing waits. */
  let tail: Promise<void> | undefined;
  return (raw, subscriptions, then) => {
    const decoded = decode(raw, subscriptions);
    if (!tail && !(decoded instanceof Promise)) return then(decoded);
    const handOver = () => Promise.resolve(decoded).then(then);
    const mine: Promise<void> = (tail = tail ? tail.then(handOver, handOver) : handOver());
    const settled = () => {
      if (tail == mine) tail = undefined;
    };
    mine.then(settled, settled);
  };
}
