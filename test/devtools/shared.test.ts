// A `shared` follower's stream in <sse-devtools>: another page (an iframe: a window, a store and a lock queue
// place of its own, on this origin) leads the connection; this page's store follows, and its inspector shows
// the connection as a follower's, with the messages the leader relays, and reconnects it through the leader.
import { expect } from '@open-wc/testing';
import { connectionKey, type ConnectionState } from '../../src/store/index.js';
import { serverStats, streamUrl, uniqueKey, until } from '../helpers.js';
import { fastStore, releaseAndCheck, watch } from '../store/watch.js';
import { buttonOf, cellOf, messagesOf, mountDevtools } from './panel.js';

interface Page {
  ids: string[];
  release(): void;
  connections(): Record<string, ConnectionState>;
}

/** test/fixtures/page.html in an iframe: it holds `url` with `options` in its own store. */
async function leaderPage(url: string, options: object): Promise<{ frame: HTMLIFrameElement; page: Page }> {
  const frame = document.createElement('iframe');
  frame.src = `/test/fixtures/page.html?url=${encodeURIComponent(url)}&options=${encodeURIComponent(JSON.stringify(options))}`;
  document.body.append(frame);
  const page = () => (frame.contentWindow as (Window & { page?: Page }) | null)?.page;
  await until(() => page() !== undefined, 'the other page loaded');
  return { frame, page: page()! };
}

describe('<sse-devtools> and a shared follower', () => {
  afterEach(releaseAndCheck);

  it("shows the follower's connection, the messages the leader relays, and reconnects through the leader", async function () {
    this.timeout(20_000);
    const key = uniqueKey('devtools-shared');
    const url = new URL(streamUrl({ key, count: 0 }), location.href).href;
    const options = { shared: true };
    const connection = connectionKey(url, options);
    const leader = await leaderPage(url, options);
    try {
      await until(() => leader.page.connections()[connection]?.role === 'leader' && leader.page.connections()[connection]?.state === 'open', 'the other page leads, open');
      const store = fastStore();
      const devtools = await mountDevtools(store);
      const watched = watch(store, url, options);
      await until(() => watched.connection()?.role === 'follower' && watched.connection()?.state === 'open', 'this page follows, open');
      await until(() => cellOf(devtools, connection, 'role') === 'follower', `the row says follower (it says ${cellOf(devtools, connection, 'role')})`);
      await until(() => cellOf(devtools, connection, 'state') === 'open', `the row says open (it says ${cellOf(devtools, connection, 'state')})`);
      expect(cellOf(devtools, connection, 'transport')).to.equal('eventsource');

      await fetch(`/sse/chaos/command?key=${key}&do=burst&n=5`, { method: 'POST' });
      await until(() => watched.messages.length === 5, 'five messages relayed');
      await until(() => messagesOf(devtools).length === 5, `five rows (it shows ${messagesOf(devtools).length})`);
      expect(messagesOf(devtools).map((m) => m.id)).to.deep.equal(['5', '4', '3', '2', '1']);
      expect((await serverStats(key)).requests, 'one connection, the leader\'s').to.equal(1);

      buttonOf(devtools, connection, 'reconnect')!.click();
      await until(async () => (await serverStats(key)).requests === 2, 'Reconnect in the follower reaches the server, through the leader');
      expect(watched.connection().role).to.equal('follower');
    } finally {
      leader.page.release();
      leader.frame.remove();
    }
  });
});
