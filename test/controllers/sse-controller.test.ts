import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { SseController, type SseMessage } from '../../src/index.js';
import { sleep, streamUrl, uniqueKey, until } from '../helpers.js';

/** What a user's own element looks like with the controller: a few lines, no lifecycle code. */
class LatestValue extends LitElement {
  static override properties = { src: {}, withCredentials: { type: Boolean } };
  declare src: string | null;
  declare withCredentials: boolean;
  renders = 0;
  received: SseMessage[] = [];
  controller = new SseController(this, {
    events: () => ['message'],
    onMessage: (message) => this.received.push(message),
  });

  constructor() {
    super();
    this.src = null;
    this.withCredentials = false;
  }

  protected override render() {
    this.renders += 1;
    return html`${this.controller.connection?.state ?? 'none'}`;
  }
}
customElements.define('test-latest-value', LatestValue);

describe('SseController', () => {
  it('holds a connection while the host is connected and re-renders on status, not on every message', async () => {
    const url = streamUrl({ key: uniqueKey(), count: 20, interval: 2 });
    const el = await fixture<LatestValue>(html`<test-latest-value src=${url}></test-latest-value>`);
    await until(() => el.received.length === 20, 'twenty messages');
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('open');
    expect(el.renders).to.be.lessThan(5);
    expect(el.controller.key).to.equal(new URL(url, location.href).href);
  });

  it('switches streams when src changes, and the old one never delivers again', async () => {
    const first = streamUrl({ key: uniqueKey(), count: 1000, interval: 5 });
    const second = streamUrl({ key: uniqueKey(), count: 3, events: 'message' });
    const el = await fixture<LatestValue>(html`<test-latest-value src=${first}></test-latest-value>`);
    await until(() => el.received.length >= 3, 'first stream flowing');
    el.src = second;
    await el.updateComplete;
    const switchedAt = el.received.length;
    // Until the new stream's three have come (a fixed 100 ms was too short for a browser still starting
    // up beside two others), then a little longer for any late message of the old one.
    await until(() => el.received.length >= switchedAt + 3, 'the new stream\'s events');
    await sleep(100);
    const after = el.received.slice(switchedAt);
    expect(after.map((m) => m.data)).to.deep.equal(['1', '2', '3']);
  });

  it('releases on disconnect', async () => {
    const url = streamUrl({ key: uniqueKey(), count: 1 });
    const el = await fixture<LatestValue>(html`<test-latest-value src=${url}></test-latest-value>`);
    await until(() => el.received.length === 1, 'a message');
    el.remove();
    await sleep(0);
    expect(el.controller.connection).to.equal(undefined);
    expect(el.controller.src).to.equal(null);
  });
});
