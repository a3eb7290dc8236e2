// A page whose widgets are markup: sse-kit requests their streams before Lit and the tags load (so the
// requests overlap the rest of the load), and the elements then hold those same connections: one request
// per stream, never a second.
import { expect } from '@open-wc/testing';
import type { SseFeed } from '../../src/index.js';
import { serverStats, streamUrl, uniqueKey, until } from '../helpers.js';

describe('preconnect', () => {
  it("requests the markup's streams before any tag is defined, and the elements keep those connections", async () => {
    const [a, b] = [uniqueKey('pre-a'), uniqueKey('pre-b')];
    const frame = document.createElement('iframe');
    const query = new URLSearchParams({ a: streamUrl({ key: a, count: 3 }), b: streamUrl({ key: b, count: 3 }) });
    frame.src = `/test/fixtures/markup.html?${query}`;
    document.body.append(frame);
    try {
      type Framed = Window & { order: string[]; document: Document };
      const win = () => frame.contentWindow as Framed | null;
      await until(() => {
        const feeds = win()?.document.querySelectorAll('sse-feed') ?? [];
        return feeds.length === 2 && [...feeds].every((feed) => (feed as SseFeed).items?.length === 3);
      }, 'both feeds show their events');
      const order = win()!.order;
      const firstDefine = order.findIndex((entry) => entry.startsWith('define'));
      expect(order.slice(0, firstDefine)).to.have.members([`EventSource ${a}`, `EventSource ${b}`]);
      expect(order.filter((entry) => entry.startsWith('EventSource'))).to.have.length(2);
      for (const key of [a, b]) {
        const stats = await serverStats(key);
        expect(stats.requests, `requests for ${key}`).to.equal(1);
        expect(stats.open, `open streams for ${key}`).to.equal(1);
      }
    } finally {
      frame.remove();
    }
  });
});
