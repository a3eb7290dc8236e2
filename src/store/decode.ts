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

/** Which decoder made each message `latest` keeps, so a typed read knows the value is its own. */
const keptBy = new WeakMap<SseMessage, SseDecoder>();

/** Whether `message` (one of a state's `latest`) was decoded by `decoder`. */
export const decodedBy = (message: SseMessage | undefined, decoder: SseDecoder): boolean => !!message && keptBy.get(message) === decoder;

/** A subscription's decoder for the event `type`: text unless it names one. */
export const decoderOf = (subscription: Subscription, type: string): SseDecoder => subscription.events[type] ?? 'text';

const isSchema = (decoder: SseDecoder): decoder is StandardSchemaV1 => typeof decoder != 'string' && '~standard' in decoder;

type Parsed = { value: unknown } | { error: SseError };

function parse(raw: SseRawMessage): Parsed {
  try {
    return { value: JSON.parse(raw.data) };
  } catch (error) {
    return { error: { type: 'parse', message: `"${raw.type}" data is not valid JSON: ${messageOf(error)}`, data: raw.data } };
  }
}

function invalid(raw: SseRawMessage, issues: readonly StandardSchemaV1.Issue[]): SseError {
  const list: SseIssue[] = issues.map(({ message, path }) =>
    path?.length ? { message, path: path.map((segment) => (typeof segment == 'object' ? segment.key : segment)) } : { message },
  );
  const first = list[0];
  const where = first?.path ? ` (at ${first.path.map(String).join('.')})` : '';
  const more = list.length > 1 ? ` and ${list.length - 1} more` : '';
  const message = `"${raw.type}" data does not match its schema: ${first?.message ?? 'rejected'}${where}${more}`;
  return { type: 'invalid', message, data: raw.data, issues: list };
}

/** Runs one decoder on one message; a schema may answer later. `parsed` parses the data once for all of them. */
function run(decoder: SseDecoder, raw: SseRawMessage, parsed: () => Parsed): Outcome | Promise<Outcome> {
  const made = (value: unknown): Outcome => ({ decoder, message: { ...raw, value } });
  if (decoder == 'text') return made(raw.data);
  if (!isSchema(decoder) && typeof decoder == 'function') {
    try {
      return made(decoder(raw.data, raw));
    } catch (error) {
      return { decoder, error: { type: 'parse', message: `"${raw.type}" decoder threw: ${messageOf(error)}`, data: raw.data } };
    }
  }
  const json = parsed();
  if ('error' in json) return { decoder, error: json.error };
  if (!isSchema(decoder)) return made(json.value);
  const checked = (result: StandardSchemaV1.Result<unknown>): Outcome =>
    result.issues ? { decoder, error: invalid(raw, result.issues) } : made(result.value);
  // A schema that throws (or rejects) rejects the message; it is the schema's issue, not the data's.
  const threw = (error: unknown) => checked({ issues: [{ message: `the schema threw: ${messageOf(error)}` }] });
  try {
    const result = decoder['~standard'].validate(json.value);
    return result instanceof Promise ? result.then(checked, threw) : checked(result);
  } catch (error) {
    return threw(error);
  }
}

/** Decodes `raw` once per distinct decoder of the active subscriptions to its event. */
function decode(raw: SseRawMessage, subscriptions: Iterable<Subscription> | undefined): Decoded | Promise<Decoded> {
  const decoders: SseDecoder[] = [];
  for (const subscription of subscriptions ?? []) {
    const decoder = decoderOf(subscription, raw.type);
    if (subscription.active && !decoders.includes(decoder)) decoders.push(decoder);
  }
  if (!decoders.length) decoders.push('text');
  let json: Parsed | undefined;
  const outcomes = decoders.map((decoder) => run(decoder, raw, () => (json ??= parse(raw))));
  const kept = Math.max(0, decoders.findIndex((decoder) => decoder != 'text'));
  const done = (all: Outcome[]): Decoded => {
    const message = all[kept].message;
    if (message) keptBy.set(message, decoders[kept]);
    return { raw, outcomes: all, kept: all[kept] };
  };
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
