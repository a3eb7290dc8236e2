// Browsers open at most 6 HTTP/1.1 connections per origin; a 7th stream waits in the browser's queue with
// no event of its own. sse-kit says so: the waiting connection stays `connecting` with a `connection-limit`
// error naming the ways out, cleared when it opens. The streams go to 127.0.0.1 while the page and its
// stats requests use localhost: another origin, another pool of six.
import { expect } from '@open-wc/testing';
import { createSseStore, type Release } from '../../src/store/index.js';
import { sleep, streamUrl, uniqueKey, until } from '../helpers.js';

describe('the per-origin connection limit', () => {
  it('a seventh stream to one origin says it waits for a free connection, and clears when it opens', async () => {
    const store = createSseStore({ onError: () => {} });
    const origin = `http://127.0.0.1:${location.port}`;
    const url = () => origin + streamUrl({ key: uniqueKey('limit'), count: 100_000, interval: 200 });
    const state = (u: string) => Object.values(store.getState().connections).find((c) => c.url === new URL(u).href)!;
    const urls = Array.from({ length: 6 }, url);
    const releases: Release[] = urls.map((u) => store.getState().retain(u));
    try {
      await until(() => urls.every((u) => state(u).state === 'open'), 'six open');
      const seventh = url();
      releases.push(store.getState().retain(seventh));
      // This page's own timer: the hint's (1 s) cannot have fired before it, however loaded the machine.
      await sleep(400);
      expect(state(seventh).state).to.equal('connecting');
      expect(state(seventh).error, 'no hint before a second has passed').to.equal(null);
      await until(() => state(seventh).error !== null, { for: 'the hint', seen: () => state(seventh) });
      const { error } = state(seventh);
      expect(error!.type).to.equal('connection-limit');
      expect(error!.message).to.equal(
        `Waiting for a free connection: 6 streams to 127.0.0.1:${location.port} are already open and browsers allow 6 per origin over HTTP/1.1. Serve the streams over HTTP/2, or share them across tabs with \`shared\`.`,
      );
      expect(state(seventh).state).to.equal('connecting');
      releases[0]();
      await until(() => state(seventh).state === 'open', 'the seventh opens once one of the six is gone');
      expect(state(seventh).error).to.equal(null);
    } finally {
      for (const release of releases) release();
    }
  });
});
