// The soak: 10 pages (iframes, each its own window, store and EventSource) × 30 forced drops each
// against the replaying chaos server. Half the drops fall between events, half in the middle of one.
import { expect } from '@open-wc/testing';
import type { ConnectionState } from '../../src/store/index.js';
import { serverStats, streamUrl, uniqueKey, until } from '../helpers.js';

interface Page {
  ids: string[];
  release(): void;
  connections(): Record<string, ConnectionState>;
}

const PAGES = 10;
const DROPS = 30;
const PER_RESPONSE = 5;
// One more response than drops: the last one delivers the final events.
const EVENTS = (DROPS + 1) * PER_RESPONSE;

function openPage(url: string): Promise<{ frame: HTMLIFrameElement; page: () => Page | undefined }> {
  const frame = document.createElement('iframe');
  frame.src = `/test/fixtures/page.html?url=${encodeURIComponent(url)}`;
  document.body.append(frame);
  const page = () => (frame.contentWindow as (Window & { page?: Page }) | null)?.page;
  return until(() => page() !== undefined, 'the page loaded', 10_000).then(() => ({ frame, page }));
}

describe('soak', () => {
  it(`${PAGES} pages × ${DROPS} drops: zero lost, zero duplicated, every connection closed at the end`, async function () {
    this.timeout(90_000);
    const started = performance.now();
    const run = uniqueKey('soak');
    const keys = Array.from({ length: PAGES }, (_, i) => `${run}-${i}`);
    const pages = await Promise.all(
      keys.map((key, i) => {
        const fault: Record<string, number> = i % 2 === 0 ? { drop: PER_RESPONSE } : { cut: PER_RESPONSE };
        return openPage(new URL(streamUrl({ key, count: EVENTS, interval: 2, retry: 10, ...fault }), location.href).href);
      }),
    );
    // A page that has everything lets go at once: open streams beyond six would starve the others
    // (HTTP/1.1 allows six connections per origin, across all pages).
    const done = new Set<Page>();
    await until(
      () => {
        for (const { page } of pages) {
          const p = page()!;
          if (p.ids.length >= EVENTS && !done.has(p)) {
            done.add(p);
            p.release();
          }
        }
        return done.size === PAGES;
      },
      'every event on every page',
      60_000,
    );
    const stats = await Promise.all(keys.map(serverStats));

    let lost = 0;
    let duplicated = 0;
    for (const { page } of pages) {
      const seen = new Set(page()!.ids);
      duplicated += page()!.ids.length - seen.size;
      for (let id = 1; id <= EVENTS; id++) if (!seen.has(String(id))) lost += 1;
    }
    const reconnects = stats.reduce((sum, s) => sum + s.requests - 1, 0);
    await until(async () => (await Promise.all(keys.map(serverStats))).every((s) => s.open === 0), 'all closed');
    for (const { frame, page } of pages) {
      expect(page()!.connections()).to.deep.equal({});
      frame.remove();
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `soak: ${PAGES} pages, ${PAGES * EVENTS} events, ${reconnects} reconnects, lost ${lost}, duplicated ${duplicated}, ${seconds} s`,
    );
    expect(lost, 'lost events').to.equal(0);
    expect(duplicated, 'duplicated events').to.equal(0);
    // Every page was dropped 30 times and came back each time.
    expect(reconnects).to.be.at.least(PAGES * DROPS);
  });
});
