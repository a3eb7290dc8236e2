import { expect } from '@open-wc/testing';

// A page that defined one of the tags itself, then sse-kit loaded twice: nothing throws, nothing is replaced.
class PagesOwnStatus extends HTMLElement {}
customElements.define('sse-status', PagesOwnStatus);

describe('registration', () => {
  it('defines the tags once and leaves a tag the page already defined', async () => {
    const kit = await import('../../src/index.js');
    expect(customElements.get('sse-feed')).to.equal(kit.SseFeed);
    expect(customElements.get('sse-source')).to.equal(kit.SseSource);
    expect(customElements.get('sse-status')).to.equal(PagesOwnStatus);
  });

  it('survives a second copy of the registering modules', async () => {
    // A query string makes the browser evaluate the module again, as a second bundle would.
    await import(`../../src/elements/sse-feed/define.ts?copy=${Date.now()}`);
    await import(`../../src/index.ts?copy=${Date.now()}`);
    expect(customElements.get('sse-feed')).to.not.equal(undefined);
  });
});
