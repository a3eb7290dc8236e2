// installEventSource(): SseEventSource at globalThis.EventSource for code that calls the global, with
// defaults, while sse-kit's own connections keep the browser's EventSource; and its undo.
import { expect } from '@open-wc/testing';
import { installEventSource, SseEventSource } from '../../src/eventsource/index.js';
import { serverStats, streamUrl, uniqueKey, until } from '../helpers.js';
import { fastStore, releaseAndCheck } from '../store/watch.js';

describe('installEventSource', () => {
  const Native = globalThis.EventSource;
  const undos: (() => void)[] = [];
  afterEach(async () => {
    for (const undo of undos.splice(0).reverse()) undo();
    await releaseAndCheck();
  });

  it('puts SseEventSource at the global with its defaults; the store underneath still uses the browser’s', async () => {
    const store = fastStore();
    undos.push(installEventSource({ store }));
    expect(Object.getOwnPropertyDescriptor(globalThis, 'EventSource')?.enumerable, 'enumerable').to.equal(false);
    const key = uniqueKey('installed');
    const url = streamUrl({ key, count: 1_000, interval: 50 });
    const first = new EventSource(url);
    const second = new EventSource(url);
    expect(first).to.be.instanceOf(SseEventSource);
    const seen = [0, 0];
    first.onmessage = () => (seen[0] += 1);
    second.onmessage = () => (seen[1] += 1);
    // A store that built on the installed global would build on itself: no request would ever open.
    await until(() => seen[0] >= 2 && seen[1] >= 2, `two events each; saw ${seen}`);
    expect((await serverStats(key)).requests, 'requests').to.equal(1);
    expect(Object.keys(store.getState().connections)).to.have.length(1);
    first.close();
    second.close();
  });

  it('its undo puts back what was there, and only if nothing replaced it since', () => {
    const undoFirst = installEventSource();
    const Installed = globalThis.EventSource;
    const undoSecond = installEventSource({ withCredentials: true });
    expect(globalThis.EventSource).to.not.equal(Installed);
    undoSecond();
    expect(globalThis.EventSource).to.equal(Installed);
    undoSecond();
    expect(globalThis.EventSource, 'a second undo changes nothing').to.equal(Installed);
    undoFirst();
    expect(globalThis.EventSource).to.equal(Native);
    // An undo that comes after someone else's install leaves theirs.
    const undoThird = installEventSource();
    const theirs = class extends Native {};
    globalThis.EventSource = theirs;
    undoThird();
    expect(globalThis.EventSource).to.equal(theirs);
    globalThis.EventSource = Native;
  });

  it('an instance’s own init wins over the defaults', () => {
    undos.push(installEventSource({ withCredentials: true, store: fastStore() }));
    const source = new EventSource('/sse/chaos/stream?key=never&count=0', { withCredentials: false });
    expect(source.withCredentials).to.equal(false);
    source.close();
  });
});
