// An XSS battery through <sse-feed>: attacker-controlled data, rendered with no template, with a
// <template>, and through renderItem. Nothing may run and nothing may be parsed as markup.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { SseFeed, SseText } from '../../src/index.js';
import { markupWouldHaveRun, nextFrame, streamUrl, uniqueKey, until } from '../helpers.js';
import { PAYLOADS, type Flagged } from './xss-payloads.js';

const shadowItems = (feed: SseFeed) => [...feed.shadowRoot!.querySelectorAll<HTMLElement>('[part~="item"]')];

async function feedOf(payload: string, mode: 'text' | 'template' | 'renderItem'): Promise<SseFeed> {
  const key = uniqueKey('xss');
  if (mode === 'template') {
    const data = JSON.stringify({ name: payload, link: payload });
    const url = streamUrl({ key, count: 1, payload: data });
    return fixture<SseFeed>(html`<sse-feed src=${url} json><template><b data-field="name"></b><a data-field="link"></a></template></sse-feed>`);
  }
  const url = streamUrl({ key, count: 1, payload });
  const feed = await fixture<SseFeed>(html`<sse-feed src=${url}></sse-feed>`);
  if (mode === 'renderItem') feed.renderItem = ({ message }) => message.data;
  return feed;
}

describe('XSS battery', () => {
  // A dialog that ran would block the page (and the run) until someone closed it: record it as a flag.
  const dialogs = { alert: window.alert, confirm: window.confirm, prompt: window.prompt };
  before(() => {
    for (const name of Object.keys(dialogs) as (keyof typeof dialogs)[]) {
      (window as unknown as Record<string, unknown>)[name] = () => {
        (window as Flagged).__xss = [...((window as Flagged).__xss ?? []), `a dialog (${name})`];
      };
    }
  });
  after(() => Object.assign(window, dialogs));
  afterEach(() => {
    delete (window as Flagged).__xss;
  });

  for (const mode of ['text', 'template', 'renderItem'] as const) {
    for (const [name, payload] of Object.entries(PAYLOADS)) {
      it(`${name} (${mode}): shown as text, nothing runs, no element made`, async () => {
        const feed = await feedOf(payload, mode);
        await until(() => shadowItems(feed).length === 1, 'the item');
        await nextFrame();
        // An image error and an iframe's script of our own have run: had the data made either, its would have.
        await markupWouldHaveRun();
        const [item] = shadowItems(feed);
        if (mode === 'template') {
          expect(item.querySelector('b')!.textContent).to.equal(payload);
          expect(item.querySelector('a')!.textContent).to.equal(payload);
          expect(item.querySelector('a')!.hasAttribute('href')).to.equal(false);
          // Only the template's own two elements, nothing from the data.
          expect(item.querySelectorAll('*')).to.have.length(2);
        } else {
          expect(item.textContent).to.equal(payload);
          expect(item.querySelectorAll('*')).to.have.length(0);
        }
        expect((window as Flagged).__xss).to.equal(undefined);
        expect(document.querySelectorAll('img, iframe, svg, script:not([src])').length).to.equal(
          document.querySelectorAll('script:not([src])').length,
        );
      });
    }
  }

  // <sse-text>: the data itself, and a JSON field of it, each appended to the text.
  for (const json of [false, true]) {
    for (const [name, payload] of Object.entries(PAYLOADS)) {
      it(`${name} (<sse-text>${json ? ', json field' : ''}): shown as text, nothing runs, no element made`, async () => {
        const data = json ? JSON.stringify({ piece: payload }) : payload;
        const url = streamUrl({ key: uniqueKey('xss-text'), count: 2, payload: data });
        const text = await fixture<SseText>(html`<sse-text src=${url} ?json=${json} field=${json ? 'piece' : ''}></sse-text>`);
        await until(() => text.text.length === payload.length * 2, { for: 'both pieces', seen: () => text.text });
        await nextFrame();
        await markupWouldHaveRun();
        const part = text.shadowRoot!.querySelector('[part=text]')!;
        expect(part.textContent).to.equal(payload + payload);
        expect(part.querySelectorAll('*')).to.have.length(0);
        expect((window as Flagged).__xss).to.equal(undefined);
      });
    }
  }
});
