// <sse-devtools> for people who use a keyboard or a screen reader: axe-core finds no violation in the panel
// (open, with healthy, waiting and failed connections, in the light and the dark theme, and collapsed), every
// action is a named button, and the panel is operated with real key presses from the toggle to Reconnect.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/devtools/index.js';
import type { SseDevtools } from '../../src/devtools/index.js';
import { connectionKey } from '../../src/store/index.js';
import { press } from '../engine.js';
import { serverStats, streamUrl, uniqueKey, until } from '../helpers.js';
import { fastStore, releaseAndCheck, watch } from '../store/watch.js';
import { buttonOf, cellOf, messagesOf, panelButton, rowOf } from './panel.js';

/** What has the focus inside the panel. */
const focused = (devtools: SseDevtools) => devtools.shadowRoot!.activeElement as HTMLElement | null;
const describeFocus = (devtools: SseDevtools) => {
  const element = focused(devtools);
  return element ? `${element.localName}${element.dataset.action ? `[${element.dataset.action}]` : ''} "${element.textContent?.trim()}"` : 'nothing in the panel';
};

describe('<sse-devtools> accessibility', () => {
  afterEach(releaseAndCheck);

  for (const theme of ['light', 'dark'] as const) {
    it(`axe-core finds no violation in the open panel (${theme} theme), with open, waiting and failed connections`, async function () {
      this.timeout(20_000);
      const store = fastStore({ backoff: { base: 5000, cap: 5000 } });
      const devtools = await fixture<SseDevtools>(html`<sse-devtools open theme=${theme} .store=${store}></sse-devtools>`);
      const live = streamUrl({ key: uniqueKey('a11y-live'), count: 3, data: 'json', events: 'price' });
      const waiting = streamUrl({ key: uniqueKey('a11y-waiting'), fail: 100, status: 503 });
      const failed = streamUrl({ key: uniqueKey('a11y-failed'), fail: 1, status: 401 });
      const watched = watch(store, live, {}, ['price']);
      watch(store, waiting, { transport: 'fetch' });
      watch(store, failed, { transport: 'fetch' });
      await until(() => watched.messages.length === 3, 'three messages');
      await until(() => cellOf(devtools, connectionKey(failed, { transport: 'fetch' }), 'state') === 'closed', 'the failed one closed');
      await until(() => cellOf(devtools, connectionKey(waiting, { transport: 'fetch' }), 'retry').startsWith('in '), 'the waiting one waits');
      await until(() => messagesOf(devtools).length === 3, 'the messages listed');
      // The report shown to copy by hand, as where the clipboard refuses.
      buttonOf(devtools, connectionKey(live), 'copy')!.click();
      await until(() => Boolean(devtools.shadowRoot!.querySelector('.notice')?.textContent), 'the copy notice');
      await expect(devtools).to.be.accessible();
    });
  }

  it('axe-core finds no violation in the collapsed toggle, named by what it shows', async () => {
    const store = fastStore();
    const devtools = await fixture<SseDevtools>(html`<sse-devtools .store=${store}></sse-devtools>`);
    watch(store, streamUrl({ key: uniqueKey('a11y-toggle'), fail: 1, status: 401 }), { transport: 'fetch' });
    const toggle = () => devtools.shadowRoot!.querySelector<HTMLButtonElement>('[part~=toggle]')!;
    await until(() => toggle().textContent!.includes('failing'), 'the toggle says a connection fails');
    expect(toggle().textContent!.replace(/\s+/g, ' ').trim()).to.equal('SSE devtools 1 connection, failing');
    expect(toggle().getAttribute('aria-expanded')).to.equal('false');
    await expect(devtools).to.be.accessible();
  });

  it('names every action after its connection, and the panel, its tables and its timeline', async () => {
    const store = fastStore();
    const devtools = await fixture<SseDevtools>(html`<sse-devtools open .store=${store}></sse-devtools>`);
    const url = streamUrl({ key: uniqueKey('a11y-names'), count: 1 });
    const watched = watch(store, url);
    await until(() => watched.messages.length === 1 && rowOf(devtools, connectionKey(url)) !== null, 'the row');
    const path = new URL(url, location.href).pathname + new URL(url, location.href).search;
    const name = (action: string) => buttonOf(devtools, connectionKey(url), action)!.textContent!.replace(/\s+/g, ' ').trim();
    expect(name('reconnect')).to.equal(`Reconnect ${path}`);
    expect(name('copy')).to.equal(`Copy the report of ${path}`);
    expect(name('select')).to.equal(`Messages of ${path}`);
    const root = devtools.shadowRoot!;
    expect(root.querySelector('[part=panel]')!.getAttribute('aria-label')).to.equal('sse-kit devtools');
    expect([...root.querySelectorAll('caption')].map((caption) => caption.textContent)).to.deep.equal(['Connections']);
    expect(root.querySelector('[part=message-table]')!.getAttribute('role')).to.equal('table');
    expect(root.querySelector('[part=message-table]')!.getAttribute('aria-label')).to.equal('Messages, newest first');
    expect([...root.querySelectorAll('[part=message-table] [role=columnheader]')].map((header) => header.textContent)).to.deep.equal(['Time', 'Event', 'Id', 'Size', 'Data']);
    expect([...root.querySelectorAll('[part=table] thead th')].every((th) => th.getAttribute('scope') === 'col')).to.equal(true);
    expect(rowOf(devtools, connectionKey(url))!.querySelector('th')!.getAttribute('scope')).to.equal('row');
    expect(root.querySelector('[part=timeline]')!.getAttribute('aria-label')).to.match(/^States over the last /);
    expect(root.querySelector('[part=sparkline]')!.getAttribute('role')).to.equal('img');
    expect(root.querySelector('[part=resize]')!.getAttribute('aria-label')).to.equal('Panel height');
  });

  it('works from the keyboard: the toggle opens it, Tab reaches Reconnect, Enter reconnects, arrows resize, Collapse closes', async function () {
    this.timeout(20_000);
    const store = fastStore();
    const devtools = await fixture<SseDevtools>(html`<sse-devtools .store=${store}></sse-devtools>`);
    const key = uniqueKey('a11y-keys');
    const url = streamUrl({ key, count: 1 });
    const watched = watch(store, url);
    await until(() => watched.messages.length === 1, 'a message');

    devtools.shadowRoot!.querySelector<HTMLButtonElement>('[part~=toggle]')!.focus();
    await press('Enter');
    await until(() => devtools.open, 'Enter on the toggle opens the panel');
    await until(() => focused(devtools)?.dataset.action === 'collapse', `the focus on Collapse (it is on ${describeFocus(devtools)})`);

    const reconnect = () => buttonOf(devtools, connectionKey(url), 'reconnect');
    const stops: string[] = [];
    for (let i = 0; i < 10 && focused(devtools) !== reconnect(); i++) {
      await press('Tab');
      stops.push(describeFocus(devtools));
    }
    expect(focused(devtools), `Tab stops: ${stops.join(', ')}`).to.equal(reconnect());
    await press('Enter');
    await until(async () => (await serverStats(key)).requests === 2, 'Enter on Reconnect reaches the server');

    await press('Tab', 'Tab', 'Space');
    await until(() => buttonOf(devtools, connectionKey(url), 'select')!.getAttribute('aria-pressed') === 'true', `Space on Messages selects it (focus on ${describeFocus(devtools)})`);

    const separator = devtools.shadowRoot!.querySelector<HTMLElement>('[part=resize]')!;
    await until(() => Number(separator.getAttribute('aria-valuenow')) > 0, 'the separator knows the height');
    const height = Number(separator.getAttribute('aria-valuenow'));
    separator.focus();
    await press('ArrowUp', 'ArrowUp');
    await until(() => Number(separator.getAttribute('aria-valuenow')) === height + 48, `two ArrowUp make it 48 px taller (it says ${separator.getAttribute('aria-valuenow')})`);
    await until(() => Math.round(devtools.shadowRoot!.querySelector<HTMLElement>('[part=panel]')!.getBoundingClientRect().height) === height + 48, 'and it is');
    await press('Home');
    await until(() => separator.getAttribute('aria-valuenow') === separator.getAttribute('aria-valuemin'), 'Home makes it as low as it goes');

    panelButton(devtools, 'collapse')!.focus();
    await press('Enter');
    await until(() => !devtools.open, 'Enter on Collapse closes it');
    await until(() => focused(devtools)?.matches('[part~=toggle]') === true, `the focus back on the toggle (it is on ${describeFocus(devtools)})`);
  });
});
