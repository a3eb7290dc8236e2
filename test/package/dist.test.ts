// The built package, as users import it: `import 'sse-kit'` (dist/index.js) must register the tags.
// A bundler drops side-effect-only imports unless package.json's `sideEffects` names them, which once
// shipped a dist whose import registered nothing. Needs `npm run build` (npm test runs it first).
import { expect } from '@open-wc/testing';
import { streamUrl, uniqueKey, until } from '../helpers.js';

describe('dist', () => {
  it("importing dist/index.js registers <sse-feed>, <sse-status> and <sse-source>, and they stream", async () => {
    // A variable, so neither TypeScript nor esbuild resolve it: this is the built file, not the source.
    const entry = '/dist/index.js';
    const module = (await import(/* @vite-ignore */ entry)) as Record<string, unknown>;
    for (const tag of ['sse-feed', 'sse-status', 'sse-source']) {
      expect(customElements.get(tag), tag).to.not.equal(undefined);
    }
    expect(customElements.get('sse-feed')).to.equal(module.SseFeed);
    const feed = document.createElement('sse-feed');
    feed.src = streamUrl({ key: uniqueKey('dist'), count: 2 });
    document.body.append(feed);
    await until(() => feed.shadowRoot!.querySelectorAll('[part~="item"]').length === 2, 'two items');
    feed.remove();
  });

  it('importing dist/devtools/index.js registers <sse-devtools>, which inspects the page\'s sseStore of dist', async () => {
    const entries = ['/dist/index.js', '/dist/devtools/index.js'];
    const [kit, devtools] = (await Promise.all(entries.map((entry) => import(/* @vite-ignore */ entry)))) as Record<string, unknown>[];
    expect(customElements.get('sse-devtools')).to.equal(devtools.SseDevtools);
    const store = kit.sseStore as import('../../src/store/index.js').SseStore;
    const url = streamUrl({ key: uniqueKey('dist-devtools'), count: 1 });
    const release = store.getState().listen(url, 'message', () => {});
    const panel = Object.assign(document.createElement('sse-devtools'), { open: true, inline: true });
    document.body.append(panel);
    await until(() => panel.shadowRoot?.querySelector('[data-column=messages]')?.textContent === '1', 'the row counts the message');
    panel.remove();
    release();
  });
});
