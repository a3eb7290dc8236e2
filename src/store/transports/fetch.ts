import { createParser } from 'eventsource-parser';
import type { SseTransport } from '../transport.js';

/** `Retry-After` as ms from now: delay-seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// Not errors.ts's messageOf: sharing it would split a chunk off the base entry for one line.
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The MIME type's essence is what counts: `text/event-stream; charset=utf-8` is one. */
const isEventStream = (type: string | null) => type?.split(';')[0].trim().toLowerCase() === 'text/event-stream';

/**
 * A streaming `fetch`: headers, any method and body, the HTTP status, and `Last-Event-ID` on every
 * attempt. Parsing is eventsource-parser's; what it delivers is what a native EventSource would (the
 * same names, data and last event ids, checked byte for byte by the differential test).
 */
export const fetchTransport: SseTransport = {
  get supported() {
    return typeof fetch === 'function' && typeof AbortController === 'function' && typeof TextDecoder === 'function';
  },
  connect(url, request, handlers) {
    const abort = new AbortController();
    const types = new Set<string>();
    const live = () => !abort.signal.aborted;
    // Like EventSource's, the last event id outlives a reconnect: it starts from what the lifecycle kept.
    let lastEventId = request.lastEventId;

    async function run() {
      let extra: Record<string, string> | undefined;
      try {
        // Called before every attempt, so a refreshed token is the one sent; a throw or rejection is reported.
        extra = typeof request.headers == 'function' ? await request.headers() : request.headers;
      } catch (error) {
        if (live()) handlers.failed({ headers: true, message: `headers() failed: ${messageOf(error)}` });
        return;
      }
      if (!live()) return;
      const headers: Record<string, string> = { accept: 'text/event-stream', ...extra };
      // A header value is bytes: the id goes as UTF-8, as EventSource sends it.
      if (lastEventId) headers['last-event-id'] = String.fromCharCode(...new TextEncoder().encode(lastEventId));
      let response: Response;
      try {
        response = await fetch(url, {
          method: request.method,
          headers,
          body: request.body,
          credentials: request.withCredentials ? 'include' : 'same-origin',
          cache: 'no-store',
          signal: abort.signal,
        });
      } catch (error) {
        if (live()) handlers.failed({ network: true, message: `Network failure: ${messageOf(error)}` });
        return;
      }
      const { status, statusText, body } = response;
      const type = response.headers.get('content-type');
      if (status !== 200 || !isEventStream(type) || !body) {
        // The body of a refusal is not wanted; cancelling it frees the connection at once.
        void body?.cancel().catch(() => {});
        if (!live()) return;
        handlers.failed({
          status,
          retryAfter: retryAfterMs(response.headers.get('retry-after')),
          message: status === 200 ? `Not an event stream (content type ${type ?? 'missing'})` : `HTTP ${status}${statusText ? ` ${statusText}` : ''}`,
        });
        return;
      }
      handlers.open();
      /** The id the lifecycle last heard of: from a message, or reported after the chunk that changed it. */
      let reported = lastEventId;
      const parser = createParser({
        onId: (id) => void (lastEventId = id),
        onEvent({ event = 'message', data, id }) {
          if (!types.has(event) || !live()) return;
          handlers.message(event, data, lastEventId, id !== undefined);
          reported = lastEventId;
        },
        onRetry: (ms) => handlers.retry(ms),
      });
      // The parser strips the one BOM the spec allows; the decoder must leave it (and any second one) in.
      const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
      const reader = body.getReader();
      try {
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
          parser.feed(decoder.decode(chunk.value, { stream: true }));
          if (!live()) return;
          // An event with an id and no data, or one nobody listens to, still moves the id a reconnect sends.
          if (lastEventId !== reported) handlers.id((reported = lastEventId));
        }
      } catch {
        if (live()) handlers.ended(false);
        return;
      }
      if (live()) handlers.ended(true);
    }

    void run();
    return {
      subscribe: (type) => void types.add(type),
      close: () => abort.abort(),
    };
  },
};
