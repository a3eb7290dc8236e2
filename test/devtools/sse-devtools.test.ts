// <sse-devtools> against the project's real SSE endpoints (the chaos server): what it shows of each connection,
// its timeline and rate line, its message list with filters and pause, its actions, and what it costs.
import { expect } from '@open-wc/testing';
import type { DevtoolsReport, SseDevtoolsCopyEvent } from '../../src/devtools/index.js';
import { connectionKey, type ConnectionState, type SseError, type SseStore } from '../../src/store/index.js';
import { tapsOf } from '../../src/store/tap.js';
import { serverStats, streamUrl, uniqueKey, until } from '../helpers.js';
import { fastStore, releaseAndCheck, watch } from '../store/watch.js';
import { buttonOf, cellOf, messagesOf, mountDevtools, panelButton, rateOf, rowOf, segmentsOf } from './panel.js';

const command = (key: string, what: string) => fetch(`/sse/chaos/command?key=${encodeURIComponent(key)}&do=${what}`, { method: 'POST' });

/** Waits for the panel to have drawn `condition` (it draws at most once per frame). */
const shows = (condition: () => boolean, what: string, timeout?: number) => until(condition, what, timeout);

/** What a change on the timeline is, as the test derives it from the store's public state on its own. */
const phase = (state: ConnectionState) => (state.retryAt !== null && state.state !== 'open' ? 'waiting' : state.state);
const errorKey = (error: SseError | null) => (error ? `${error.type}|${error.status}|${error.message}` : '');

/** Every change of `key`'s phase, attempt, error or network, as the store's writes show them, from now on. */
function recordChanges(store: SseStore, key: string) {
  const changes: { phase: string; error: SseError | null }[] = [];
  let last = '';
  const record = (state: ConnectionState | undefined) => {
    if (!state) return;
    const now = [phase(state), state.attempt, state.offline, errorKey(state.error)].join(' ');
    if (now !== last) changes.push({ phase: phase(state), error: state.error });
    last = now;
  };
  record(store.getState().connections[key]);
  const unsubscribe = store.subscribe((state) => record(state.connections[key]));
  return { changes, unsubscribe };
}

describe('<sse-devtools>', () => {
  afterEach(releaseAndCheck);

  it('shows a connection: its key, URL, transport, role, state, holders, last id and message count', async () => {
    const store = fastStore();
    const devtools = await mountDevtools(store);
    const key = uniqueKey('shows');
    const url = streamUrl({ key, count: 4, idPrefix: 'e' });
    const watched = watch(store, url);
    const connection = connectionKey(url);
    await until(() => watched.messages.length === 4, 'four messages');
    await shows(() => cellOf(devtools, connection, 'messages') === '4', `the row counts 4 messages (it shows ${cellOf(devtools, connection, 'messages')})`);
    const row = rowOf(devtools, connection)!;
    expect(row.querySelector('th[scope=row]')!.textContent).to.include(new URL(url, location.href).pathname);
    expect(row.querySelector('th[scope=row] [title]')!.getAttribute('title')).to.equal(connection);
    expect(cellOf(devtools, connection, 'transport')).to.equal('eventsource');
    expect(cellOf(devtools, connection, 'role')).to.equal('local');
    expect(cellOf(devtools, connection, 'state')).to.equal('open');
    expect(cellOf(devtools, connection, 'holders')).to.equal('1');
    expect(cellOf(devtools, connection, 'attempt')).to.equal('0');
    expect(cellOf(devtools, connection, 'last-id')).to.equal('e4');
    expect(cellOf(devtools, connection, 'rejected')).to.equal('0');
    // The list draws new messages at most once a second, at once after a quiet one.
    await shows(() => messagesOf(devtools).length === 4, 'four rows');
    expect(messagesOf(devtools).map((m) => m.id)).to.deep.equal(['e4', 'e3', 'e2', 'e1']);
  });

  it('each state change and error appears on its timeline, in order: waiting on 503s, open, a drop, closed by a 401', async function () {
    this.timeout(20_000);
    const store = fastStore();
    const devtools = await mountDevtools(store);
    const key = uniqueKey('timeline');
    // fetch: the status is known. retry: 50, so the reconnect after the drop is quick.
    const options = { transport: 'fetch' } as const;
    const url = streamUrl({ key, count: 2, fail: 2, status: 503, retry: 50 });
    const connection = connectionKey(url, options);
    const recorded = recordChanges(store, connection);
    const watched = watch(store, url, options);
    await until(() => watched.messages.length === 2, 'two messages after the 503s');
    await command(key, 'fail&status=401&times=1');
    await command(key, 'drop');
    await until(() => watched.connection().state === 'closed', `closed by the 401 (states: ${watched.states.join(' ')})`);
    recorded.unsubscribe();
    const expected = recorded.changes.map((change) => change.phase);
    await shows(
      () => JSON.stringify(segmentsOf(devtools, connection).map((s) => s.phase)) === JSON.stringify(expected),
      `the timeline shows ${expected.join(' ')} (it shows ${segmentsOf(devtools, connection).map((s) => s.phase).join(' ')})`,
    );
    // The story the store told: a 503 and its backoff, the retry, again, open; the drop and the wait for the
    // server's retry:, the retry, met by the 401.
    expect(expected.filter((p, i) => p !== expected[i - 1])).to.deep.equal([
      'connecting',
      'waiting',
      'reconnecting',
      'waiting',
      'reconnecting',
      'open',
      'waiting',
      'reconnecting',
      'closed',
    ]);
    const segments = segmentsOf(devtools, connection);
    recorded.changes.forEach((change, i) => {
      if (!change.error) return;
      const { type, status } = change.error;
      expect(segments[i].text, `change ${i} (${change.phase})`).to.include(`${type} (HTTP ${status})`);
      expect(rowOf(devtools, connection)!.querySelectorAll('[part=segment]')[i].querySelector('[part=error-mark]'), `change ${i} has its mark`).to.not.equal(null);
    });
    // Each 503 is waited out with its error on it (and still on the retry that follows).
    const waits = segments.filter((s) => s.phase === 'waiting');
    expect(waits.slice(0, 2).every((s) => s.text.includes('refused (HTTP 503)')), waits.map((s) => s.text).join(' / ')).to.equal(true);
    expect(segments.at(-1)!.text).to.include('refused (HTTP 401)');
    expect(cellOf(devtools, connection, 'error')).to.match(/^refused \(HTTP 401\): /);
    expect(cellOf(devtools, connection, 'state')).to.equal('closed');
  });

  it('shows the next retry and the attempt while a connection waits for its backoff', async () => {
    // A slow backoff, so the wait is there to be seen.
    const store = fastStore({ backoff: { base: 5000, cap: 5000 }, random: () => 0.99 });
    const devtools = await mountDevtools(store);
    const key = uniqueKey('waiting');
    const url = streamUrl({ key, fail: 100, status: 500 });
    watch(store, url);
    const connection = connectionKey(url);
    await shows(() => cellOf(devtools, connection, 'retry').startsWith('in '), `a next retry (it shows ${cellOf(devtools, connection, 'retry')})`);
    expect(cellOf(devtools, connection, 'retry')).to.match(/^in [1-5] s$/);
    expect(cellOf(devtools, connection, 'attempt')).to.equal('1');
    expect(cellOf(devtools, connection, 'state')).to.equal('reconnecting');
    expect(rowOf(devtools, connection)!.dataset.phase).to.equal('waiting');
    expect(cellOf(devtools, connection, 'error')).to.match(/^refused: /);
  });

  it('the rate line follows a burst: up to its peak, the messages all counted, back to 0', async function () {
    this.timeout(20_000);
    const store = fastStore();
    const devtools = await mountDevtools(store);
    const key = uniqueKey('rate');
    const url = streamUrl({ key, count: 0 });
    const watched = watch(store, url);
    const connection = connectionKey(url);
    await until(() => watched.connection()?.state === 'open', 'open');
    await shows(() => rateOf(devtools, connection).heights.length === 60, 'a line of 60 seconds');
    expect(Math.min(...rateOf(devtools, connection).heights), 'flat before the burst').to.equal(20);
    await command(key, 'burst&n=600');
    await until(() => watched.messages.length === 600, 'the burst');
    await shows(() => /peak [3-6]\d\d$/.test(rateOf(devtools, connection).label), `a peak of 300-600 a second (it says ${rateOf(devtools, connection).label})`);
    expect(Math.min(...rateOf(devtools, connection).heights), 'the busiest second at the top').to.equal(0);
    expect(devtools.report(connection)!.ratePerSecond.reduce((a, b) => a + b), 'every message counted').to.equal(600);
    await shows(() => rateOf(devtools, connection).label.includes(': 0 now'), `back to 0 a second (it says ${rateOf(devtools, connection).label})`, 5000);
    expect(rowOf(devtools, connection)!.querySelector('[data-column=rate] .number')!.textContent).to.equal('0/s');
  });

  it('filters by event name and by text, and pause holds the list while the messages are counted', async function () {
    this.timeout(20_000);
    const store = fastStore();
    const devtools = await mountDevtools(store);
    const key = uniqueKey('filters');
    const url = streamUrl({ key, count: 6, events: 'a,b', data: 'json' });
    // The bursts sent below are unnamed: `message`.
    const watched = watch(store, url, {}, ['a', 'b', 'message']);
    const connection = connectionKey(url);
    await until(() => watched.messages.length === 6, 'six messages');
    await shows(() => messagesOf(devtools).length === 6, 'six rows');
    expect(messagesOf(devtools).map((m) => m.event)).to.deep.equal(['b', 'a', 'b', 'a', 'b', 'a']);

    const select = devtools.shadowRoot!.querySelector('select')!;
    expect([...select.options].map((option) => option.value)).to.deep.equal(['', 'a', 'b']);
    select.value = 'b';
    select.dispatchEvent(new Event('change'));
    await shows(() => messagesOf(devtools).length === 3, 'the b rows only');
    expect(messagesOf(devtools).map((m) => `${m.event}${m.id}`)).to.deep.equal(['b6', 'b4', 'b2']);

    const search = devtools.shadowRoot!.querySelector<HTMLInputElement>('input[type=search]')!;
    search.value = 'ITEM 4';
    search.dispatchEvent(new Event('input'));
    await shows(() => messagesOf(devtools).length === 1, 'one row matches the text');
    expect(messagesOf(devtools)[0].id).to.equal('4');
    // JSON is pretty-printed.
    expect(messagesOf(devtools)[0].data).to.equal(JSON.stringify({ n: 4, name: 'item 4', nested: { value: 40 } }, null, 2));
    select.value = '';
    select.dispatchEvent(new Event('change'));
    search.value = '';
    search.dispatchEvent(new Event('input'));
    await shows(() => messagesOf(devtools).length === 6, 'all six again');

    panelButton(devtools, 'pause')!.click();
    await shows(() => panelButton(devtools, 'pause')!.getAttribute('aria-pressed') === 'true', 'pause is pressed');
    expect(devtools.paused).to.equal(true);
    await command(key, 'burst&n=5');
    await until(() => watched.messages.length === 11, 'five more messages');
    await shows(() => cellOf(devtools, connection, 'messages') === '11', 'the row counts them');
    await shows(() => devtools.shadowRoot!.querySelector('.count')!.textContent!.includes('5 skipped while paused'), 'the skipped count');
    expect(messagesOf(devtools)).to.have.length(6);

    panelButton(devtools, 'pause')!.click();
    await command(key, 'burst&n=2');
    await until(() => watched.messages.length === 13, 'two more messages');
    await shows(() => messagesOf(devtools).length === 8, 'the two new rows');
    expect(messagesOf(devtools).map((m) => `${m.event}${m.id}`).slice(0, 3)).to.deep.equal(['message13', 'message12', 'b6']);

    panelButton(devtools, 'clear')!.click();
    await shows(() => messagesOf(devtools).length === 0, 'cleared');
    expect(cellOf(devtools, connection, 'messages'), 'clearing the list is not forgetting the count').to.equal('13');
  });

  it('lists the messages of the connection chosen with its Messages button', async () => {
    const store = fastStore();
    const devtools = await mountDevtools(store);
    const [first, second] = [uniqueKey('first'), uniqueKey('second')].map((key) => streamUrl({ key, count: 2, idPrefix: `${key}-` }));
    const watchedFirst = watch(store, first);
    const watchedSecond = watch(store, second);
    await until(() => watchedFirst.messages.length === 2 && watchedSecond.messages.length === 2, 'both streams');
    await shows(() => messagesOf(devtools).length === 2, 'the first connection listed');
    expect(messagesOf(devtools)[0].id.startsWith(first.match(/key=([^&]+)/)![1])).to.equal(true);
    buttonOf(devtools, connectionKey(second), 'select')!.click();
    await shows(() => messagesOf(devtools)[0]?.id === watchedSecond.messages[1].lastEventId, 'the second connection listed');
    expect(buttonOf(devtools, connectionKey(second), 'select')!.getAttribute('aria-pressed')).to.equal('true');
    expect(buttonOf(devtools, connectionKey(first), 'select')!.getAttribute('aria-pressed')).to.equal('false');
    expect(devtools.selected).to.equal(connectionKey(second));
  });

  it('Reconnect tries again a POST stream that a 401 closed: the same request reaches the server', async () => {
    const store = fastStore();
    const devtools = await mountDevtools(store);
    const key = uniqueKey('reconnect');
    const options = { method: 'POST', body: 'the body' };
    const url = streamUrl({ key, count: 1, fail: 1, status: 401 });
    const watched = watch(store, url, options);
    const connection = connectionKey(url, options);
    await until(() => watched.connection().state === 'closed', 'closed by the 401');
    await shows(() => cellOf(devtools, connection, 'state') === 'closed', 'the row says closed');
    expect(cellOf(devtools, connection, 'transport')).to.equal('fetch');
    buttonOf(devtools, connection, 'reconnect')!.click();
    await until(() => watched.messages.length === 1, 'the message after Reconnect');
    const stats = await serverStats(key);
    expect(stats.requests).to.equal(2);
    expect(stats.methods).to.deep.equal(['POST', 'POST']);
    expect(stats.bodies).to.deep.equal(['the body', 'the body']);
    await shows(() => cellOf(devtools, connection, 'state') === 'open', 'the row says open');
  });

  it('a fetch stream shows, with its header names and never a header value', async () => {
    const store = fastStore();
    const devtools = await mountDevtools(store);
    const key = uniqueKey('fetch');
    const options = { headers: { authorization: 'Bearer secret-token-value' } };
    const url = streamUrl({ key, count: 3 });
    const watched = watch(store, url, options);
    const connection = connectionKey(url, options);
    await until(() => watched.messages.length === 3, 'three messages');
    await shows(() => messagesOf(devtools).length === 3, 'three rows');
    expect(cellOf(devtools, connection, 'transport')).to.equal('fetch');
    expect(rowOf(devtools, connection)!.querySelector('th')!.textContent).to.include('headers:authorization');
    expect(devtools.shadowRoot!.textContent).to.not.include('secret-token-value');
    expect(JSON.stringify(devtools.report(connection))).to.not.include('secret-token-value');
  });

  it('Copy makes a JSON report of the state, the changes and the recent messages', async () => {
    const store = fastStore();
    const devtools = await mountDevtools(store);
    const key = uniqueKey('copy');
    const url = streamUrl({ key, count: 3, payload: '{"ok":true}' });
    const watched = watch(store, url);
    const connection = connectionKey(url);
    await until(() => watched.messages.length === 3, 'three messages');
    await shows(() => messagesOf(devtools).length === 3, 'three rows');
    const copied = new Promise<SseDevtoolsCopyEvent>((resolve) => devtools.addEventListener('sse-devtools-copy', resolve, { once: true }));
    buttonOf(devtools, connection, 'copy')!.click();
    const { detail } = await copied;
    const report = JSON.parse(detail.text) as DevtoolsReport;
    expect(detail.key).to.equal(connection);
    expect(report.connection).to.deep.include({ key: connection, state: 'open', messageCount: 3, lastEventId: '3' });
    expect(report.messages.map((m) => [m.id, m.type, m.data, m.size])).to.deep.equal([
      ['1', 'message', '{"ok":true}', 11],
      ['2', 'message', '{"ok":true}', 11],
      ['3', 'message', '{"ok":true}', 11],
    ]);
    expect(report.changes.map((c) => c.phase)).to.deep.equal(['connecting', 'open']);
    expect(new Date(report.at).getTime()).to.be.closeTo(Date.now(), 5000);
    // Copied, or (no clipboard permission in an automated page) shown, selected, to copy by hand: the same text.
    await shows(() => Boolean(devtools.shadowRoot!.querySelector('.notice')!.textContent), 'a notice');
    if (!detail.copied) expect(devtools.shadowRoot!.querySelector<HTMLTextAreaElement>('[part=report] textarea')!.value).to.equal(detail.text);
  });

  it('attached late, it shows the current state at once, and the messages from then on', async () => {
    const store = fastStore();
    const key = uniqueKey('late');
    const url = streamUrl({ key, count: 5 });
    const watched = watch(store, url);
    const connection = connectionKey(url);
    await until(() => watched.connection()?.messageCount === 5, 'five messages before the inspector');
    const devtools = await mountDevtools(store);
    // At once: the first drawing, no message or state change needed.
    expect(cellOf(devtools, connection, 'state')).to.equal('open');
    expect(cellOf(devtools, connection, 'messages')).to.equal('5');
    expect(cellOf(devtools, connection, 'last-id')).to.equal('5');
    expect(segmentsOf(devtools, connection).map((s) => s.phase)).to.deep.equal(['open']);
    expect(messagesOf(devtools)).to.have.length(0);
    await command(key, 'burst&n=3');
    await shows(() => messagesOf(devtools).length === 3, 'the three messages that came after');
    expect(messagesOf(devtools).map((m) => m.id)).to.deep.equal(['8', '7', '6']);
  });

  it('a released connection stays listed as released, its timeline ending so, with nothing to reconnect', async () => {
    const store = fastStore();
    const devtools = await mountDevtools(store);
    const key = uniqueKey('released');
    const url = streamUrl({ key, count: 1 });
    const watched = watch(store, url);
    const connection = connectionKey(url);
    await until(() => watched.messages.length === 1, 'a message');
    watched.release();
    await shows(() => cellOf(devtools, connection, 'state') === 'released', `the row says released (it says ${cellOf(devtools, connection, 'state')})`);
    expect(segmentsOf(devtools, connection).map((s) => s.phase)).to.deep.equal(['connecting', 'open', 'released']);
    expect(cellOf(devtools, connection, 'holders')).to.equal('0');
    expect(buttonOf(devtools, connection, 'reconnect')).to.equal(null);
    expect(buttonOf(devtools, connection, 'copy')).to.not.equal(null);
  });

  it('a message its decoder rejects is counted (the store\'s count) and listed with its error', async () => {
    const store = fastStore();
    const devtools = await mountDevtools(store);
    // data=bad-json: every even message is not JSON, so of 2, message 2 is rejected by the `json` decoder.
    const url = streamUrl({ key: uniqueKey('rejected'), count: 2, data: 'bad-json' });
    const rejections: SseError[] = [];
    const values: unknown[] = [];
    const release = store.getState().listen(url, { message: 'json' }, (message) => values.push(message.value), { onReject: (error) => rejections.push(error) });
    const connection = connectionKey(url);
    await until(() => rejections.length === 1 && values.length === 1, 'one value and one rejection');
    await shows(() => cellOf(devtools, connection, 'rejected') === '1', 'one rejected');
    expect(store.getState().connections[connection].rejected).to.equal(1);
    await shows(() => messagesOf(devtools).length === 2, 'two rows');
    expect(messagesOf(devtools)[0].row.textContent).to.include('rejected: parse');
    expect(devtools.report(connection)!.messages.at(-1)!.error?.type).to.equal('parse');
    release();
  });

  it('with no inspector the store has no tap and does no tap work per message; removing one takes its tap away', async () => {
    const store = fastStore();
    const taps = tapsOf.get(store)!;
    // Every message the store hands to its taps goes through this set's forEach: count the calls.
    let calls = 0;
    const forEach = taps.forEach.bind(taps);
    taps.forEach = (...args) => ((calls += 1), forEach(...args));
    const key = uniqueKey('cost');
    const url = streamUrl({ key, count: 0 });
    const watched = watch(store, url);
    await until(() => watched.connection()?.state === 'open', 'open');
    await command(key, 'burst&n=500');
    await until(() => watched.messages.length === 500, 'the first burst');
    expect(taps.size, 'taps with no inspector').to.equal(0);
    expect(calls, 'tap calls with no inspector').to.equal(0);

    const devtools = await mountDevtools(store);
    expect(taps.size).to.equal(1);
    await command(key, 'burst&n=500');
    await until(() => watched.messages.length === 1000, 'the second burst');
    expect(calls, 'one call per message while inspected').to.equal(500);

    devtools.remove();
    expect(taps.size, 'taps once the inspector left').to.equal(0);
    const kept = devtools.connections[0].messages.size;
    await command(key, 'burst&n=500');
    await until(() => watched.messages.length === 1500, 'the third burst');
    expect(calls, 'no more calls').to.equal(500);
    expect(devtools.connections[0].messages.size, 'nothing recorded once removed').to.equal(kept);
  });

  it('collapsed, it is a toggle button with the count; Collapse and the toggle switch `open`', async () => {
    const store = fastStore();
    const devtools = await mountDevtools(store);
    devtools.open = false;
    const url = streamUrl({ key: uniqueKey('toggle'), count: 0 });
    watch(store, url);
    const toggle = () => devtools.shadowRoot!.querySelector<HTMLButtonElement>('[part~=toggle]');
    await shows(() => toggle()?.textContent?.replace(/\s+/g, ' ').trim() === 'SSE devtools 1 connection', `the toggle counts 1 (it says ${toggle()?.textContent})`);
    expect(toggle()!.getAttribute('aria-expanded')).to.equal('false');
    expect(devtools.shadowRoot!.querySelector('[part=panel]')).to.equal(null);
    expect(devtools.hasAttribute('open')).to.equal(false);
    toggle()!.click();
    await devtools.updateComplete;
    expect(devtools.open).to.equal(true);
    expect(devtools.hasAttribute('open'), 'reflected').to.equal(true);
    expect(devtools.shadowRoot!.querySelector('[part=panel]')).to.not.equal(null);
    expect(rowOf(devtools, connectionKey(url))).to.not.equal(null);
    panelButton(devtools, 'collapse')!.click();
    await devtools.updateComplete;
    expect(devtools.open).to.equal(false);
    expect(toggle()).to.not.equal(null);
  });

  it('rehearses a connection out of sight as it first opens: painted, in a shadow root of its own, inert, then gone', async () => {
    const store = fastStore();
    const devtools = await mountDevtools(store);
    const stage = devtools.shadowRoot!.querySelector<HTMLElement>('.rehearsal');
    expect(stage, 'the rehearsal, drawn with the opening').to.not.equal(null);
    // Its row and message list are all there, where no query of the panel finds them.
    expect(stage!.shadowRoot!.querySelector('[part=row]')!.getAttribute('data-key')).to.equal('rehearsal');
    expect(stage!.shadowRoot!.querySelectorAll('[part=message-table] .rows [role=row]')).to.have.length(1);
    expect(devtools.shadowRoot!.querySelector('[part=row]')).to.equal(null);
    expect(devtools.connections).to.have.length(0);
    expect(stage!.inert).to.equal(true);
    expect(stage!.getAttribute('aria-hidden')).to.equal('true');
    const style = getComputedStyle(stage!);
    expect(style.visibility, 'painted').to.equal('visible');
    expect(Number(style.opacity)).to.be.below(0.01);
    expect(style.pointerEvents).to.equal('none');
    await until(() => !stage!.isConnected, 'the rehearsal removed');
    // Once: opening again draws none.
    devtools.open = false;
    await devtools.updateComplete;
    devtools.open = true;
    await devtools.updateComplete;
    expect(devtools.shadowRoot!.querySelector('.rehearsal')).to.equal(null);
  });
});
