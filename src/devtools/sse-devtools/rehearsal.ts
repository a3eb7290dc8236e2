import type { ConnectionState } from '../../store/types.js';
import { inspectedConnection, type InspectedConnection } from '../inspector.js';
import { recordOf } from '../message-buffer.js';

/**
 * A made-up open connection with one message, for the panel's rehearsal drawing (`<sse-devtools>` draws it
 * once, out of sight, when it first opens): every part of a row and of the message list is in it.
 */
export function rehearsalConnection(now: number): InspectedConnection {
  const state: ConnectionState = {
    key: 'rehearsal',
    url: location.href,
    transport: 'eventsource',
    state: 'open',
    refCount: 1,
    role: 'local',
    lastEventId: '1',
    attempt: 0,
    retryAt: null,
    error: null,
    offline: false,
    lastEventAt: now,
    messageCount: 1,
    rejected: 0,
    latest: {},
  };
  const connection = inspectedConnection(state.key, state, { windowMs: 60_000, maxMessages: 1 });
  connection.history.record(state, now);
  connection.messages.push(recordOf({ type: 'message', data: '{"rehearsal":1}', lastEventId: '1', receivedAt: now }));
  connection.rate.count(now);
  return connection;
}
