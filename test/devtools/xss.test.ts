// The feed's XSS battery (test/elements/xss-payloads.ts) through <sse-devtools>: attacker-controlled data and
// ids, as they come and inside JSON (pretty-printed), in the message list and in the report. Nothing may run
// and nothing may be parsed as markup.
import { expect } from '@open-wc/testing';
import type { SseDevtools } from '../../src/devtools/index.js';
import { connectionKey } from '../../src/store/index.js';
import { PAYLOADS, type Flagged } from '../elements/xss-payloads.js';
import { markupWouldHaveRun, nextFrame, streamUrl, uniqueKey, until } from '../helpers.js';
import { fastStore, releaseAndCheck, watch } from '../store/watch.js';
import { buttonOf, messagesOf, mountDevtools } from './panel.js';

/** Elements that data made into markup would add to the panel (its own are buttons, tables, its sparklines). */
const injected = (devtools: SseDevtools) => devtools.shadowRoot!.querySelectorAll('img, iframe, script, style, a, b, object, embed, svg:not([part=sparkline])').length;

describe('XSS battery through <sse-devtools>', () => {
  // An alert() that ran would block the page: it sets the flag instead, and the test fails on it.
  const alert = window.alert;
  before(() => {
    window.alert = () => ((window as Flagged).__xss ??= []).push('alert');
  });
  after(() => {
    window.alert = alert;
  });
  afterEach(async () => {
    delete (window as Flagged).__xss;
    await releaseAndCheck();
  });

  for (const json of [false, true]) {
    for (const [name, payload] of Object.entries(PAYLOADS)) {
      it(`${name}${json ? ' (in JSON)' : ''}: data and id shown as text, nothing runs, no element made`, async () => {
        const store = fastStore();
        const devtools = await mountDevtools(store);
        const data = json ? JSON.stringify({ name: payload, nested: { link: payload } }) : payload;
        const url = streamUrl({ key: uniqueKey('xss-devtools'), count: 1, payload: data, idPrefix: payload });
        const watched = watch(store, url);
        await until(() => watched.messages.length === 1, 'the message');
        await until(() => messagesOf(devtools).length === 1, 'its row');
        await nextFrame();
        // An image error and an iframe's script of our own have run: had the data made either, its would have.
        await markupWouldHaveRun();
        const [shown] = messagesOf(devtools);
        expect(shown.data).to.equal(json ? JSON.stringify(JSON.parse(data), null, 2) : payload);
        expect(shown.id).to.equal(`${payload}1`);
        expect(shown.row.querySelector('[part=data]')!.children).to.have.length(0);
        expect(shown.row.querySelector('[data-column=id]')!.children).to.have.length(0);
        expect(injected(devtools)).to.equal(0);

        // The report, shown as a textarea's value where the clipboard refuses: text too.
        buttonOf(devtools, connectionKey(url), 'copy')!.click();
        await until(() => Boolean(devtools.shadowRoot!.querySelector('.notice')?.textContent), 'the copy notice');
        await markupWouldHaveRun();
        expect(injected(devtools)).to.equal(0);
        expect((window as Flagged).__xss).to.equal(undefined);
      });
    }
  }
});
