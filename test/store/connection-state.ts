// A connection's public state written by hand, for tests of pure logic that reads one (the inspector's
// models, EventSource's readiness): every field at its first value, the test's changes on top.
import type { ConnectionState } from '../../src/store/index.js';

export function connectionState(change: Partial<ConnectionState> = {}): ConnectionState {
  return {
    key: 'k',
    url: 'http://localhost/k',
    transport: 'eventsource',
    state: 'connecting',
    refCount: 1,
    role: 'local',
    lastEventId: '',
    attempt: 0,
    retryAt: null,
    error: null,
    offline: false,
    lastEventAt: null,
    messageCount: 0,
    rejected: 0,
    latest: {},
    ...change,
  };
}
