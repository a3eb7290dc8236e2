// The elements' ARIA roles and names as each engine's own accessibility tree exposes them (Chromium's
// DevTools, Firefox's WebDriver BiDi, WebKit's WebDriver computed role and label), so an engine that
// ignored ElementInternals' role, or named the element differently, would fail here.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { SseFeed, SseStatus } from '../../src/index.js';
import { accessible, engine } from '../engine.js';
import { streamUrl, uniqueKey, until } from '../helpers.js';

describe('ARIA roles, in every engine', () => {
  it('<sse-feed> is a log named by its aria-label', async () => {
    const url = streamUrl({ key: uniqueKey(), count: 1 });
    const feed = await fixture<SseFeed>(html`<sse-feed id="aria-feed" src=${url} aria-label="Live prices"></sse-feed>`);
    await until(() => feed.items.length === 1, 'an item');
    expect(await accessible('#aria-feed', { role: 'log', name: 'Live prices' })).to.deep.equal({ role: 'log', name: 'Live prices' });
  });

  it('<sse-status> is a status named by its aria-label', async () => {
    const url = streamUrl({ key: uniqueKey(), count: 0 });
    const status = await fixture<SseStatus>(html`<sse-status id="aria-status" aria-label="Feed health" src=${url}></sse-status>`);
    await until(() => status.state === 'open', 'open');
    expect(await accessible('#aria-status', { role: 'status', name: 'Feed health' })).to.deep.equal({
      role: 'status',
      name: 'Feed health',
    });
  });

  it('the accessible() command can fail: a plain element is neither', async () => {
    // Without this, a command that echoed what it was asked would pass the two tests above.
    await fixture(html`<span id="aria-plain" aria-label="Plain">text</span>`);
    const answer = await accessible('#aria-plain', { role: 'status', name: 'Plain' });
    expect(answer.role, `${(await engine()).name} reported ${JSON.stringify(answer)}`).to.not.equal('status');
  });
});
