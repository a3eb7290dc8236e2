// The connection's rule table (src/store/phases.ts), one test per rule, without a browser: the table is pure,
// so each test gives it a phase, an event and the facts it reads, and checks the step it returns. The
// behaviour each rule makes is tested for real in the browser suites (test/store/), over HTTP.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadSource } from './source.js';

/** @typedef {import('../../src/store/phases.js').PhaseName} PhaseName */
/** @typedef {import('../../src/store/phases.js').Rules} Rules */
/** @typedef {import('../../src/store/types.js').ConnectionOptions} ConnectionOptions */

/** @type {typeof import('../../src/store/phases.js')} */
const { transition } = await loadSource('src/store/phases.ts');

const BACKOFF = { base: 1000, factor: 2, cap: 30_000, maxRetries: Infinity };
/**
 * The facts the table reads, with a random draw of one half and a fixed clock.
 * @param {ConnectionOptions} [options]
 * @param {Partial<Rules>} [more]
 * @returns {Rules}
 */
const rules = (options = {}, more = {}) => ({
  options,
  backoff: BACKOFF,
  random: () => 0.5,
  serverRetry: 3000,
  firstByte: false,
  now: 1_000_000,
  idle: 0,
  queued: undefined,
  ...more,
});
/** @param {PhaseName} name */
const phase = (name, attempt = 0) => ({ name, attempt });
/** @type {import('../../src/store/types.js').SseError} */
const QUEUED = { type: 'connection-limit', message: 'Waiting for a free connection' };

describe('making and starting over', () => {
  test('create: a first attempt, watched by the connect timeout and the queue check', () => {
    const step = transition(phase('connecting'), { type: 'create', offline: false }, rules());
    assert.deepEqual(step, {
      name: 'connecting',
      attempt: 0,
      write: { state: 'connecting', attempt: 0, retryAt: null, error: null, offline: false },
      connect: true,
      checkQueue: true,
      timer: { ms: 15_000, then: 'open-timeout' },
    });
  });

  test('create with connectTimeout 0: no connect timeout, the attempt may wait forever', () => {
    const step = transition(phase('connecting'), { type: 'create', offline: true }, rules({ connectTimeout: 0 }));
    assert.equal(step.timer, undefined);
    assert.equal(step.write?.offline, true);
  });

  test('reconnect: a first attempt again, the backoff reset; a one-shot answer forgets its last id and asks again', () => {
    const plain = transition(phase('waiting', 4), { type: 'reconnect' }, rules());
    assert.deepEqual([plain.name, plain.attempt, plain.connect, plain.forgetId, plain.resume], ['connecting', 0, true, undefined, undefined]);
    assert.deepEqual(plain.write, { state: 'connecting', attempt: 0, retryAt: null, error: null });
    const once = transition(phase('answered'), { type: 'reconnect' }, rules({ once: true, resumeSrc: '/rest' }));
    assert.deepEqual([once.forgetId, once.resume], [true, false], 'it does not resume at resumeSrc: it asks the question again');
    assert.equal(transition(phase('answered'), { type: 'reconnect' }, rules({ endOn: '[DONE]' })).forgetId, true);
  });

  test('create with a saved answer that ended whole (persist): done at once, no request', () => {
    const step = transition(phase('connecting'), { type: 'create', offline: false, answer: 'whole' }, rules({ once: true, resumeSrc: '/rest' }));
    assert.deepEqual(step, { name: 'answered', attempt: 0, stop: true, write: { state: 'closed', retryAt: null, error: null } });
  });

  test('create with a saved answer still coming and a resumeSrc: the attempts resume it there', () => {
    const step = transition(phase('connecting'), { type: 'create', offline: false, answer: 'unfinished' }, rules({ endOn: '[DONE]', resumeSrc: '/rest' }));
    assert.deepEqual([step.name, step.connect, step.resume, step.write?.state], ['connecting', true, true, 'connecting']);
  });

  test('create with a saved answer still coming and no resumeSrc: incomplete at once, not asked again', () => {
    const step = transition(phase('connecting'), { type: 'create', offline: false, answer: 'unfinished' }, rules({ once: true }));
    assert.deepEqual([step.name, step.connect, step.write?.state, step.write?.error?.type], ['answered', undefined, 'closed', 'incomplete']);
  });

  test('create with a saved answer, for a stream that is not one-shot: an ordinary first attempt', () => {
    const step = transition(phase('connecting'), { type: 'create', offline: false, answer: 'whole' }, rules());
    assert.deepEqual([step.name, step.connect, step.resume], ['connecting', true, undefined]);
  });

  test('cannot-start: an invalid URL or a missing transport closes, named by why', () => {
    for (const reason of /** @type {const} */ (['invalid-url', 'unsupported'])) {
      const step = transition(phase('connecting'), { type: 'cannot-start', reason, message: 'why' }, rules());
      assert.deepEqual(step, { name: reason, attempt: 0, stop: true, write: { state: 'closed', retryAt: null, error: { type: reason, message: 'why' } } });
    }
  });
});

describe('the open stream', () => {
  test('opened: open, the retries forgotten, the connect timeout cleared', () => {
    const step = transition(phase('reconnecting', 3), { type: 'opened' }, rules());
    assert.deepEqual(step, {
      name: 'open',
      attempt: 0,
      write: { state: 'open', attempt: 0, retryAt: null, error: null, lastEventAt: 1_000_000 },
      timer: null,
    });
  });

  test('opened with staleAfter: the stall watchdog takes the timer', () => {
    assert.deepEqual(transition(phase('connecting'), { type: 'opened' }, rules({ staleAfter: 500 })).timer, { ms: 500, then: 'stall-check' });
  });

  test('end-marker: a one-shot answer is whole', () => {
    const step = transition(phase('open'), { type: 'end-marker' }, rules({ endOn: '[DONE]' }));
    assert.deepEqual([step.name, step.stop, step.write?.error], ['answered', true, null]);
  });

  test("browser-reconnecting: the browser's own attempt, watched but not made again", () => {
    const step = transition(phase('open'), { type: 'browser-reconnecting' }, rules());
    assert.deepEqual([step.name, step.connect, step.checkQueue], ['reconnecting', undefined, true]);
    assert.deepEqual(step.write, { state: 'reconnecting', retryAt: null });
    assert.deepEqual(step.timer, { ms: 15_000, then: 'open-timeout' });
  });

  test('browser-reconnecting of an answer: it is over (whole without an end marker, incomplete with one)', () => {
    assert.equal(transition(phase('open'), { type: 'browser-reconnecting' }, rules({ once: true })).write?.error, null);
    const marked = transition(phase('open'), { type: 'browser-reconnecting' }, rules({ once: true, endOn: '[DONE]' }));
    assert.deepEqual([marked.name, marked.write?.error?.type], ['answered', 'incomplete']);
  });

  test("ended: reopened after the server's retry: time, with no error", () => {
    const step = transition(phase('open'), { type: 'ended', clean: true }, rules({}, { serverRetry: 20 }));
    assert.deepEqual(step, {
      name: 'waiting',
      attempt: 0,
      stop: true,
      write: { state: 'reconnecting', attempt: 0, retryAt: 1_000_020, error: null },
      timer: { ms: 20, then: 'retry-due' },
    });
  });

  test('ended, a one-shot answer: whole when the server finished it, incomplete when cut or unmarked', () => {
    /** @param {boolean} clean @param {ConnectionOptions} options */
    const end = (clean, options) => transition(phase('open'), { type: 'ended', clean }, rules(options));
    assert.deepEqual([end(true, { once: true }).name, end(true, { once: true }).write?.error], ['answered', null]);
    assert.equal(end(false, { once: true }).write?.error?.type, 'incomplete');
    assert.equal(end(true, { endOn: '[DONE]' }).write?.error?.type, 'incomplete');
  });
});

describe('failures before the open', () => {
  /** @param {import('../../src/store/transport.js').TransportFailure} failure @param {ConnectionOptions} [options] */
  const failed = (failure, options = {}, at = phase('connecting')) => transition(at, { type: 'failed', failure }, rules(options));

  test('a 5xx: backoff with full jitter, the attempt counted, the status kept', () => {
    const step = failed({ message: 'HTTP 503', status: 503 }, {}, phase('reconnecting', 1));
    // Attempt 2: a draw of one half of min(cap, 1000 * 2^1).
    assert.deepEqual(step.write, { state: 'reconnecting', attempt: 2, retryAt: 1_001_000, error: { type: 'refused', message: 'HTTP 503', status: 503 } });
    assert.deepEqual([step.name, step.stop, step.timer], ['waiting', true, { ms: 1000, then: 'retry-due' }]);
  });

  test('Retry-After: the wait is at least what the server asked', () => {
    assert.equal(failed({ message: 'HTTP 503', status: 503, retryAfter: 7000 }).timer?.ms, 7000);
  });

  test('204 and client errors (but 408 and 429) are refused until reconnect()', () => {
    for (const status of [204, 400, 401, 403, 404]) {
      const step = failed({ message: `HTTP ${status}`, status });
      assert.deepEqual([step.name, step.write?.error?.status], ['refused', status]);
      assert.match(step.write?.error?.message ?? '', /not retried until reconnect\(\)/);
    }
    for (const status of [408, 429]) assert.equal(failed({ message: 'x', status }).name, 'waiting');
  });

  test('a headers function that threw: a headers error, retried with backoff', () => {
    const step = failed({ message: 'headers() failed: no token', headers: true });
    assert.deepEqual([step.name, step.write?.error], ['waiting', { type: 'headers', message: 'headers() failed: no token' }]);
  });

  test('maxRetries reached: exhausted, saying what the last failure was', () => {
    const step = transition(phase('reconnecting', 3), { type: 'failed', failure: { message: 'HTTP 500', status: 500 } }, { ...rules(), backoff: { ...BACKOFF, maxRetries: 3 } });
    assert.equal(step.name, 'exhausted');
    assert.deepEqual(step.write?.error, { type: 'retries-exhausted', message: 'Gave up after 3 retries. HTTP 500', status: 500 });
  });

  test("reconnect: 'native': an answer that is not a stream is the end; no answer at all waits the server's retry:", () => {
    const refused = failed({ message: 'HTTP 500', status: 500 }, { reconnect: 'native' });
    assert.deepEqual([refused.name, refused.write?.error?.type], ['refused', 'refused']);
    const network = failed({ message: 'Network failure', network: true }, { reconnect: 'native' }, phase('reconnecting', 2));
    assert.deepEqual([network.name, network.attempt, network.timer], ['waiting', 2, { ms: 3000, then: 'retry-due' }]);
  });

  test('retry-due: the next attempt, still reconnecting; ignored when nothing waits', () => {
    const step = transition(phase('waiting', 2), { type: 'retry-due' }, rules());
    assert.deepEqual([step.name, step.attempt, step.connect, step.write], ['reconnecting', 2, true, { retryAt: null }]);
    assert.deepEqual(transition(phase('open'), { type: 'retry-due' }, rules()), phase('open'));
  });
});

describe('timeouts and the watchdog', () => {
  test('open-timeout: retried with backoff as a timeout, or as the per-origin limit when that is why', () => {
    assert.equal(transition(phase('connecting'), { type: 'open-timeout' }, rules({ connectTimeout: 2000 })).write?.error?.message, 'No response within 2 s');
    assert.equal(transition(phase('connecting'), { type: 'open-timeout' }, rules({}, { queued: QUEUED })).write?.error, QUEUED);
    assert.deepEqual(transition(phase('open'), { type: 'open-timeout' }, rules()), phase('open'));
  });

  test('open-timeout where a stream shows only at its first byte: it waits on and says so, until staleAfter', () => {
    const options = { connectTimeout: 1000, staleAfter: 4000 };
    const step = transition(phase('connecting'), { type: 'open-timeout' }, rules(options, { firstByte: true }));
    assert.deepEqual([step.name, step.timer], ['connecting', { ms: 3000, then: 'first-byte-timeout' }]);
    assert.match(step.write?.error?.message ?? '', /still waiting for its first byte/);
    assert.equal(transition(phase('connecting'), { type: 'open-timeout' }, rules({}, { firstByte: true })).timer, undefined);
    const late = transition(phase('connecting'), { type: 'first-byte-timeout' }, rules(options, { firstByte: true }));
    assert.deepEqual([late.name, late.write?.error?.message], ['waiting', 'No response within 4 s']);
  });

  test('stall-check: re-armed for what is left of the window, a retry once it is all idle', () => {
    const options = { staleAfter: 500 };
    assert.deepEqual(transition(phase('open'), { type: 'stall-check' }, rules(options, { idle: 200 })).timer, { ms: 300, then: 'stall-check' });
    const stalled = transition(phase('open'), { type: 'stall-check' }, rules(options, { idle: 500 }));
    assert.deepEqual([stalled.name, stalled.write?.error], ['waiting', { type: 'stalled', message: 'No event for 0.5 s' }]);
  });

  test('a one-shot answer that stalls is incomplete, never asked again', () => {
    const step = transition(phase('open'), { type: 'stall-check' }, rules({ staleAfter: 500, once: true }, { idle: 600 }));
    assert.deepEqual([step.name, step.write?.error?.type], ['answered', 'incomplete']);
  });

  test('queue-check: an attempt waiting behind the per-origin limit says so', () => {
    assert.deepEqual(transition(phase('reconnecting', 1), { type: 'queue-check' }, rules({}, { queued: QUEUED })).write, { error: QUEUED });
    assert.deepEqual(transition(phase('connecting'), { type: 'queue-check' }, rules()), phase('connecting'));
    assert.deepEqual(transition(phase('open'), { type: 'queue-check' }, rules({}, { queued: QUEUED })), phase('open'));
  });

  test('watchdog-on: a holder that turns staleAfter on arms it on an open stream', () => {
    assert.deepEqual(transition(phase('open'), { type: 'watchdog-on' }, rules({ staleAfter: 900 })).timer, { ms: 900, then: 'stall-check' });
    assert.deepEqual(transition(phase('connecting'), { type: 'watchdog-on' }, rules({ staleAfter: 900 })), phase('connecting'));
  });
});

describe('the page', () => {
  test('online: whatever waits to retry (out of retries too) tries at once; open, paused and final ones stay', () => {
    for (const name of /** @type {const} */ (['connecting', 'reconnecting', 'waiting', 'exhausted'])) {
      const step = transition(phase(name, 5), { type: 'online' }, rules());
      assert.deepEqual([step.name, step.attempt, step.connect, step.write?.offline], ['connecting', 0, true, false]);
    }
    for (const name of /** @type {const} */ (['open', 'paused', 'refused', 'answered', 'invalid-url', 'unsupported'])) {
      assert.deepEqual(transition(phase(name), { type: 'online' }, rules()), { ...phase(name), write: { offline: false } });
    }
  });

  test('offline: only said', () => {
    assert.deepEqual(transition(phase('open'), { type: 'offline' }, rules()), { ...phase('open'), write: { offline: true } });
  });

  test('hidden: the pause countdown starts, except for one-shot answers and closed connections', () => {
    assert.equal(transition(phase('open'), { type: 'hidden' }, rules({ pauseWhenHidden: 800 })).pause, 800);
    assert.equal(transition(phase('open'), { type: 'hidden' }, rules()).pause, null);
    assert.equal(transition(phase('open'), { type: 'hidden' }, rules({ pauseWhenHidden: 800, once: true })).pause, null);
    assert.equal(transition(phase('refused'), { type: 'hidden' }, rules({ pauseWhenHidden: 800 })).pause, null);
  });

  test('shown: the countdown is cleared; a paused connection starts over', () => {
    assert.deepEqual(transition(phase('open'), { type: 'shown' }, rules()), { ...phase('open'), pause: null });
    const step = transition(phase('paused', 2), { type: 'shown' }, rules());
    assert.deepEqual([step.name, step.attempt, step.connect, step.pause], ['connecting', 0, true, null]);
  });

  test('pause-due: closed while hidden, as paused', () => {
    assert.deepEqual(transition(phase('open'), { type: 'pause-due' }, rules()), {
      name: 'paused',
      attempt: 0,
      stop: true,
      write: { state: 'paused', retryAt: null },
    });
  });
});

test('released: everything stops', () => {
  assert.deepEqual(transition(phase('open'), { type: 'released' }, rules()), { name: 'released', attempt: 0, stop: true, pause: null });
});
