// `persist` across real reloads (issue 21), in a real browser over real HTTP: a tab of one browser profile is
// reloaded (as F5 does, or by the page itself in the middle of a burst), and its sessionStorage, which survives
// a reload, carries what the page saw in each life (test/persist/page.html) along with what sse-kit saved. The
// servers say what they were asked: the chaos server each request's `Last-Event-ID` and `lastEventID`, the ask
// server its POSTs and resume GETs. The same tests run in each engine, one test file each (chromium.test.js,
// firefox.test.js, webkit.test.js; `npm test` runs `node --test test/persist/`).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINE_NAMES, selectedEngines } from '../../scripts/engines.js';
import { startHarness, streamUrl, uniqueKey, until } from '../shared/harness.js';

/** @typedef {import('../../scripts/pages.js').Page} Page */
/** @typedef {import('../../scripts/pages.js').Profile} Profile */
/**
 * What one life of the tab saw (test/persist/page.html).
 * @typedef {{ ids: string[], firstAt: number | null, loadedAt: number, lastEventId: string, shown: unknown, left?: unknown }} Life
 */

/** @type {import('../shared/harness.js').Harness} */
let h;

/** Runs `fn` in a fresh browser profile, closed afterwards. @type {import('../shared/harness.js').Harness['inProfile']} */
const inProfile = (fn) => h.inProfile(fn);

/** Waits for the page's script to be ready (after a load, or a reload that may still be under way). @param {Page} page */
const ready = (page) =>
  until(() => page.evaluate(() => window.persistReady === true).catch(() => false), 'the test page is ready (after its load or reload)', 20_000);

/** A tab of the reload test page holding what `setup` says. @param {Profile} profile @param {object} setup */
async function open(profile, setup) {
  const page = await profile.open(`${h.origin}/test/persist/page.html?setup=${encodeURIComponent(JSON.stringify(setup))}`);
  await ready(page);
  return page;
}

/** @param {Page} page @returns {Promise<Life[]>} */
const lives = (page) => page.evaluate(() => window.persistTest.lives());
/** @param {Page} page */
const stateOf = (page) => page.evaluate(() => window.persistTest.state());
/** @param {Page} page */
const errorsOf = (page) => page.evaluate(() => window.persistTest.errors);

/** Reloads the tab, as F5 does, and waits for the page to be ready again. @param {Page} page */
async function reload(page) {
  await page.reload();
  await ready(page);
}

/** @param {number} from @param {number} to */
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

/** How many ids a run of numeric ids skipped, and how many it had again. @param {string[]} ids */
function gaps(ids) {
  let lost = 0;
  let repeated = 0;
  for (let i = 1; i < ids.length; i++) {
    const step = Number(ids[i]) - Number(ids[i - 1]);
    if (step <= 0) repeated += 1;
    else lost += step - 1;
  }
  return { lost, repeated };
}

/** @param {string} key */
const askStats = async (key) =>
  /** @type {Promise<{ requests: number, finished: number, resumes: number, resumedFrom: (string | null)[] }>} */ (
    (await fetch(`${h.origin}/sse/ask/stats?key=${key}`)).json()
  );

/** The answer to `question` as a page without reloads gets it: the ask server's pieces, all at once. @param {string} question */
async function wholeAnswer(question) {
  const response = await fetch(`${h.origin}/sse/ask?key=${uniqueKey('whole')}&interval=0`, { method: 'POST', body: JSON.stringify({ question }) });
  let text = '';
  for (const line of (await response.text()).split('\n')) {
    if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
    text += JSON.parse(line.slice(6)).choices[0].delta.content;
  }
  return text;
}

/**
 * The reload tests in `engine`, unless `SSE_KIT_ENGINES` leaves it out.
 * @param {import('../../scripts/engines.js').EngineName} engine
 */
export function persistTests(engine) {
  const skip = !selectedEngines().includes(engine) && `SSE_KIT_ENGINES=${process.env.SSE_KIT_ENGINES} leaves ${ENGINE_NAMES[engine]} out`;
  describe(`persist across reloads, in ${ENGINE_NAMES[engine]}`, { skip }, () => {
    before(async () => {
      h = await startHarness(engine);
      console.log(`${ENGINE_NAMES[engine]}: ${h.browser.version}`);
    });
    after(async () => {
      await h?.close();
    });
    tests(engine);
  });
}

/** @param {import('../../scripts/engines.js').EngineName} engine */
function tests(engine) {
  /** @type {Array<[string, object, (stats: import('../helpers.js').ServerStats) => (string | null)]>} */
  const transports = [
    ['fetch: Last-Event-ID on the first request', { persist: true, transport: 'fetch' }, (stats) => stats.lastEventIds[1]],
    ['EventSource with resumeParam: the id in the query', { persist: true, resumeParam: 'lastEventID' }, (stats) => stats.resumedFrom[1]],
  ];
  for (const [name, options, sent] of transports) {
    it(`${name}: reloaded mid-stream, it resumes from the last id it had, and its listener sees every id once`, { timeout: 60_000 }, () =>
      inProfile(async (profile) => {
        const key = uniqueKey('reload');
        // An event every 25 ms for as long as it takes: however long the reload, it comes in the middle.
        const url = streamUrl({ key, count: 1_000_000, interval: 25 });
        const page = await open(profile, { listen: true, url, options });
        await until(async () => (await lives(page))[0].ids.length >= 15, 'the first life has 15 events');
        await reload(page);
        await until(async () => (await lives(page))[1]?.ids.length >= 15, 'the second life has 15 events', 20_000);
        const [first, second] = await lives(page);
        const stats = await h.stats(key);
        assert.equal(stats.requests, 2, `one request per life (${stats.requests})`);
        assert.equal(first.lastEventId, first.ids.at(-1), 'the first life left with the id of the last event it delivered');
        assert.equal(sent(stats), first.lastEventId, `the second life's first request carried the id the first life left with (${JSON.stringify(stats)})`);
        const ids = [...first.ids, ...second.ids];
        assert.deepEqual(ids, range(1, ids.length), `ids 1…${ids.length} across both lives, each once (${JSON.stringify(gaps(ids))})`);
        assert.deepEqual(await errorsOf(page), []);
      }));
  }

  it('a server that replays from the id inclusive shows nothing twice', { timeout: 60_000 }, () =>
    inProfile(async (profile) => {
      const key = uniqueKey('inclusive');
      const url = streamUrl({ key, count: 1_000_000, interval: 25, inclusive: 1 });
      const page = await open(profile, { listen: true, url, options: { persist: true, transport: 'fetch' } });
      await until(async () => (await lives(page))[0].ids.length >= 10, 'the first life has 10 events');
      await reload(page);
      await until(async () => (await lives(page))[1]?.ids.length >= 10, 'the second life has 10 events', 20_000);
      const [first, second] = await lives(page);
      const stats = await h.stats(key);
      assert.equal(stats.resumedFrom[1], first.lastEventId, 'the server replayed from the id the first life left with, that one included');
      assert.equal(second.ids[0], String(Number(first.lastEventId) + 1), `the replayed event was dropped: the second life starts after it (${second.ids[0]})`);
      const ids = [...first.ids, ...second.ids];
      assert.deepEqual(ids, range(1, ids.length), `ids 1…${ids.length} across both lives, each once (${JSON.stringify(gaps(ids))})`);
      assert.deepEqual(await errorsOf(page), []);
    }));

  it('<sse-feed persist> shows the same items after the reload, before any new message, and goes on from there', { timeout: 60_000 }, () =>
    inProfile(async (profile) => {
      const key = uniqueKey('feed');
      // 30 events, then nothing until the burst: after the reload, what the feed shows came from storage.
      const url = streamUrl({ key, count: 30, interval: 10 });
      const attributes = { persist: '', 'resume-param': 'lastEventID', max: '20' };
      const page = await open(profile, { feed: true, url, attributes });
      await until(async () => (await page.evaluate(() => window.persistTest.feedIds().at(-1))) === '30', 'the feed has all 30 events');
      await reload(page);
      await until(async () => (await page.evaluate(() => window.persistTest.feedRendered())) === 20, 'the feed shows 20 items again');
      const restored = await page.evaluate(() => window.persistTest.feedIds());
      assert.deepEqual(restored, range(11, 30), 'the last 20 items are back, as they were shown');
      assert.deepEqual((await lives(page))[1].ids, [], 'before any message of the second life');
      await until(async () => (await h.stats(key)).requests === 2, 'the second life asks for the rest');
      await h.command(key, 'burst&n=5');
      await until(async () => (await page.evaluate(() => window.persistTest.feedIds().at(-1))) === '35', 'the burst reaches the feed');
      assert.deepEqual(await page.evaluate(() => window.persistTest.feedIds()), range(16, 35), 'it went on from the saved items, nothing lost or twice');
      const stats = await h.stats(key);
      assert.equal(stats.resumedFrom[1], '30', 'the second life resumed from the last id shown');
      assert.deepEqual(await errorsOf(page), []);
    }));

  /** An `<sse-text persist>` on a resumable answer of the ask server. @param {string} key @param {string} answer @param {boolean} resumable */
  const answerSetup = (key, answer, resumable) => ({
    text: true,
    // 30 pieces 100 ms apart: reloaded after a few, there are seconds left, time for a busy machine to reload.
    url: `/sse/ask?key=${key}&answer=${answer}&interval=100`,
    body: JSON.stringify({ question: `reload ${engine}` }),
    attributes: {
      persist: '',
      json: '',
      field: 'choices.0.delta.content',
      method: 'POST',
      once: '',
      'end-on': '[DONE]',
      ...(resumable && { 'resume-src': `/sse/ask/stream?answer=${answer}` }),
    },
  });

  it('<sse-text persist resume-src> reloaded mid-answer ends with the whole answer, asked once; reloaded when done, it is done at once', { timeout: 60_000 }, () =>
    inProfile(async (profile) => {
      const key = uniqueKey('answer');
      const expected = await wholeAnswer(`reload ${engine}`);
      const page = await open(profile, answerSetup(key, key, true));
      await until(async () => (await lives(page))[0].ids.length >= 4, 'the first life has 4 pieces of the answer');
      await reload(page);
      await until(async () => (await stateOf(page))?.state === 'closed', 'the resumed answer ends', 20_000);
      const [first, second] = await lives(page);
      assert.equal(second.shown, first.left, 'the text so far was back before the first resumed piece');
      assert.equal(await page.evaluate(() => window.persistTest.text()), expected, 'the text is the whole answer, as without a reload');
      assert.equal(await page.evaluate(() => window.persistTest.shownText()), expected, 'and that is what the page shows');
      assert.deepEqual((await stateOf(page))?.error, null, 'it ended whole');
      let stats = await askStats(key);
      assert.deepEqual([stats.requests, stats.resumes], [1, 1], `one POST and one resume GET (${JSON.stringify(stats)})`);
      assert.equal(stats.resumedFrom[0], first.lastEventId, 'the resume asked for what came after the last piece the first life had');
      // Done: a reload shows it at once, closed without an error, and asks nothing.
      await reload(page);
      await until(async () => (await page.evaluate(() => window.persistTest.text())) === expected, 'the finished answer is back');
      const done = await stateOf(page);
      assert.deepEqual([done?.state, done?.error], ['closed', null], `it is done: closed, without an error (${JSON.stringify(done)})`);
      stats = await askStats(key);
      assert.deepEqual([stats.requests, stats.resumes], [1, 1], `no request for a finished answer (${JSON.stringify(stats)})`);
      assert.deepEqual(await errorsOf(page), []);
    }));

  it('<sse-text persist> without resume-src, reloaded mid-answer, keeps its text and is incomplete, asking nothing', { timeout: 60_000 }, () =>
    inProfile(async (profile) => {
      const key = uniqueKey('unresumable');
      const page = await open(profile, answerSetup(key, key, false));
      await until(async () => (await lives(page))[0].ids.length >= 5, 'the first life has 5 pieces of the answer');
      await reload(page);
      await until(async () => (await stateOf(page))?.state === 'closed', 'the answer is closed at once');
      const [first] = await lives(page);
      await until(async () => (await page.evaluate(() => window.persistTest.text())) === first.left, 'the text it had is back');
      assert.equal((await stateOf(page))?.error?.type, 'incomplete', 'it says the answer is incomplete, so the user can ask again');
      const stats = await askStats(key);
      assert.deepEqual([stats.requests, stats.resumes], [1, 0], `the question was not asked again (${JSON.stringify(stats)})`);
      // The page's own console.error is where the store reports nothing here: errors are state.
      assert.deepEqual(await errorsOf(page), []);
    }));

  it('a reload in the middle of a 20,000-event burst (fetch, persist, the bundle): 0 lost, 0 repeated', { timeout: 300_000 }, async () => {
    // The browser unloads the page when the next one has arrived, and reads on until then: at full speed a
    // busy machine often lets it read the whole burst first (nothing to resume, nothing lost either). Sent at
    // 10,000 events/s, the burst lasts two seconds, and the reload lands in it; a run that misses does not count.
    let run;
    for (let tries = 0; tries < MID_BURST_TRIES && !(run && run.first.ids.length < 20_000); tries++) {
      run = await burstReload(RELOAD_AT, PACED);
      console.log(run.report);
    }
    const { first, second, stats } = /** @type {NonNullable<typeof run>} */ (run);
    const ids = [...first.ids, ...second.ids];
    const { lost, repeated } = gaps(ids);
    assert.ok(first.ids.length < 20_000, `in ${MID_BURST_TRIES} tries, the page unloaded before the burst was over (the last first life had ${first.ids.length} events)`);
    assert.equal(ids[0], '1');
    assert.deepEqual({ lost, repeated, count: ids.length }, { lost: 0, repeated: 0, count: 20_000 }, 'every id of the burst once');
    assert.equal(stats.lastEventIds[1], first.lastEventId, 'the second life resumed from the last id the first one delivered');
  });
}

/**
 * The event at which the page reloads itself. The rest of the burst keeps coming (and is delivered) until the
 * page unloads, a few thousand events later: reloading at the 10,000th would find it over.
 */
export const RELOAD_AT = 1000;
/** The server's pace for a burst that outlasts a reload (events per second); 0: full speed. */
export const PACED = 10_000;
/** Runs until one reload lands in the middle of the burst. */
const MID_BURST_TRIES = 3;

/**
 * A reload in the middle of a 20,000-event burst (fetch, `persist`): the page reloads itself from its listener
 * at event `reloadAt`. The server sends the burst at full speed (`rate` 0), or `rate` events per second.
 * Returns both lives, the server's stats and a line that says what happened.
 * @param {number} reloadAt
 * @param {number} rate
 */
export async function burstReload(reloadAt, rate, harness = h) {
  h = harness;
  return inProfile(async (profile) => {
    const key = uniqueKey('burst');
    const url = streamUrl({ key, count: 20_000, ...(rate ? { rate } : { interval: 0 }) });
    // The one-file bundle: a page that loads in one request, as a built app's does (the source is a hundred modules).
    const page = await open(profile, { lib: 'bundle', listen: true, url, options: { persist: true, transport: 'fetch' }, reloadAt });
    await until(
      async () => {
        const all = await lives(page).catch(() => []);
        // (Should the first life have had it all, the second has nothing to wait for once it is open.)
        return all.length == 2 && (all[1].ids.at(-1) ?? all[0].ids.at(-1)) === '20000' && (all[1].ids.length || (await stateOf(page))?.state === 'open');
      },
      'the second life has the rest of the burst, up to id 20,000',
      60_000,
    );
    const [first, second] = await lives(page);
    const reloadedAt = await page.evaluate(() => window.persistTest.reloadedAt());
    const stats = await h.stats(key);
    const { lost, repeated } = gaps([...first.ids, ...second.ids]);
    assert.deepEqual(await errorsOf(page), []);
    const report =
      `${h.browser.engine}: reload at event ${reloadAt.toLocaleString('en')} of a 20,000-event burst (${rate ? `${rate.toLocaleString('en')} events/s` : 'full speed'}): the first life had ${first.ids.length} events ` +
      `(to id ${first.ids.at(-1)}), the second resumed from id ${stats.lastEventIds[1]}; lost ${lost}, repeated ${repeated}; ` +
      `reload → first resumed event ${(second.firstAt ?? NaN) - reloadedAt} ms`;
    return { first, second, stats, lost, repeated, ms: (second.firstAt ?? NaN) - reloadedAt, report };
  });
}
