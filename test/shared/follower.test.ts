// The follower's side of the cross-tab protocol (src/shared/protocol.ts), message by message: this test holds
// the key's Web Lock itself, so the store can only follow, and plays the leaders on the key's BroadcastChannel.
// It stages what real tabs cannot be made to do on demand: a former leader's last posts arriving before or
// after the new leader speaks, a follower that saw more than where the new leader resumed, and a leader that
// cannot resume. (The tabs themselves are tested in shared.test.js, over HTTP.)
import { expect } from '@open-wc/testing';
import { connectionKey, createSseStore, type ConnectionState, type SseStore } from '../../src/store/index.js';
import { PREFIX, type Item, type Wire } from '../../src/shared/protocol.js';
import { sleep, uniqueKey, until } from '../helpers.js';

interface Stage {
  store: SseStore;
  got: string[];
  heard: Wire[];
  post(message: Wire): void;
  relay(tab: string, ...ids: number[]): void;
  state(): ConnectionState | undefined;
  done(): Promise<void>;
}

const message = (id: number): Item => ({ m: { type: 'message', data: String(id), lastEventId: String(id), receivedAt: Date.now() } });

/** A store that follows on a key whose lock this test holds, and a channel to play its leaders. */
async function stage(): Promise<Stage> {
  const url = `http://example.test/${uniqueKey('follower')}`;
  const key = connectionKey(url, { shared: true });
  let unlock!: () => void;
  await new Promise<void>((held) => {
    void navigator.locks.request(PREFIX + key, () => new Promise<void>((resolve) => ((unlock = resolve), held())));
  });
  const channel = new BroadcastChannel(PREFIX + key);
  const heard: Wire[] = [];
  channel.onmessage = (event: MessageEvent<Wire>) => heard.push(event.data);
  const store = createSseStore({ onError: () => {} });
  const got: string[] = [];
  const release = store.getState().listen(url, 'message', (m) => got.push(m.lastEventId), { shared: true });
  await until(() => heard.some((m) => m.t === 'join'), 'the store announces itself');
  return {
    store,
    got,
    heard,
    post: (m) => channel.postMessage(m),
    relay: (tab, ...ids) => channel.postMessage({ t: 'relay', tab, items: ids.map(message) } satisfies Wire),
    state: () => store.getState().connections[key],
    async done() {
      release();
      await sleep(0);
      channel.close();
      unlock();
    },
  };
}

describe('a shared follower', () => {
  it('mirrors the leader: its messages once each, its state, not its refCount; reconnect() goes to it', async () => {
    const s = await stage();
    expect(s.state()?.role).to.equal('follower');
    expect(s.heard.find((m) => m.t === 'join')).to.deep.include({ names: ['message'], hidden: false });
    s.post({ t: 'state', tab: 'A', state: { state: 'open', lastEventId: '', attempt: 0 }, latest: {} });
    s.relay('A', 1, 2, 3);
    s.post({ t: 'relay', tab: 'A', items: [{ s: { state: 'reconnecting', attempt: 1, refCount: 9 } }] });
    await until(() => s.state()?.state === 'reconnecting', 'reconnecting');
    expect(s.got).to.deep.equal(['1', '2', '3']);
    expect(s.state()).to.deep.include({ attempt: 1, lastEventId: '3', messageCount: 3, refCount: 1 });
    s.store.getState().reconnect(s.state()!.url, { shared: true });
    await until(() => s.heard.some((m) => m.t === 'reconnect'), 'the reconnect request is posted');
    await s.done();
  });

  it('joining late, takes the state and latest from the leader at once', async () => {
    const s = await stage();
    const latest = { message: { type: 'message', data: 'x', lastEventId: '41', receivedAt: 1 } };
    s.post({ t: 'state', tab: 'A', state: { state: 'open', lastEventId: '41', lastEventAt: 1 }, latest });
    await until(() => s.state()?.state === 'open', 'open');
    expect(s.state()).to.deep.include({ lastEventId: '41', lastEventAt: 1, latest });
    expect(s.got).to.deep.equal([]);
    await s.done();
  });

  it("having heard a message before the leader's state, still takes the state's latest for the names it has not heard", async () => {
    const s = await stage();
    // The leader relayed before it answered this tab's join: a name sent only when it changes (a count, say)
    // is in the state's latest alone, and would never come again.
    s.relay('A', 5);
    const latest = {
      message: { type: 'message', data: '4', lastEventId: '4', receivedAt: 1 },
      connections: { type: 'connections', data: '1', lastEventId: '', receivedAt: 1 },
    };
    s.post({ t: 'state', tab: 'A', state: { state: 'open', lastEventId: '5' }, latest });
    await until(() => s.state()?.state === 'open', { for: 'open', seen: () => s.state() });
    expect(s.state()?.latest.connections, 'a name only the state had').to.deep.equal(latest.connections);
    expect(s.state()?.latest.message?.lastEventId, 'a name this tab heard newer itself').to.equal('5');
    expect(s.got).to.deep.equal(['5']);
    await s.done();
  });

  it("ignores a former leader's last posts once the new leader spoke (its replay brings them)", async () => {
    const s = await stage();
    s.relay('A', 1, 2, 3, 4, 5);
    s.post({ t: 'state', tab: 'B', state: { state: 'connecting' }, latest: {}, from: '5' });
    s.relay('A', 6, 7);
    s.relay('B', 6, 7, 8);
    await until(() => s.got.length >= 8, 'eight messages');
    await sleep(50);
    expect(s.got).to.deep.equal(['1', '2', '3', '4', '5', '6', '7', '8']);
    await s.done();
  });

  it('ahead of where the new leader resumed, skips what it had until the first new id', async () => {
    const s = await stage();
    // The former leader's 6 and 7 reached this tab, not the tab that took over, which resumes from 5.
    s.relay('A', 1, 2, 3, 4, 5, 6, 7);
    s.post({ t: 'state', tab: 'B', state: { state: 'connecting' }, latest: {}, from: '5' });
    s.relay('B', 6, 7, 8, 9);
    await until(() => s.got.length >= 9, 'nine messages');
    await sleep(50);
    expect(s.got).to.deep.equal(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    await s.done();
  });

  it('after a leader that cannot resume (EventSource without resumeParam), takes what the server sends', async () => {
    const s = await stage();
    s.relay('A', 1, 2, 3);
    s.post({ t: 'state', tab: 'B', state: { state: 'connecting' }, latest: {}, from: '' });
    s.relay('B', 1, 2);
    await until(() => s.got.length >= 5, 'five messages');
    expect(s.got).to.deep.equal(['1', '2', '3', '1', '2']);
    await s.done();
  });
});
