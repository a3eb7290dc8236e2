// `npm run bench`: sse-kit against hand-written EventSource pages, in one run, interleaved; and a burst
// relayed across tabs by a `shared` connection against tabs with connections of their own.
// Builds the bench pages (bench/) for production, serves them with the embedded SSE server, drives
// headless Chromium with playwright-core, and prints medians, min–max and, for each comparison a scenario
// names, the ratio of the contender to its baseline; writes the same to bench-results.json (or the path
// after --out). --rounds N (default 5), --quick (fewer rounds and shorter runs, to try the harness),
// --only TEXT (the scenarios whose name has it), --compare PATH (another build's dist/index.js, e.g. of an
// older commit: the page load is measured with it too, interleaved, so a change shows phase by phase).
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { sseServerPlugin } from '../server/index.js';
import { benchTable, machineLine, PAGE_LOAD, pageLoadTable, relayTable } from './bench-tables.js';
import { chromeArgs, findChrome } from './chrome.js';
import { measureSizes, sizeTable } from './size.js';

const argument = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const quick = process.argv.includes('--quick');
const ROUNDS = Number(argument('--rounds', quick ? 2 : 5));
const OUT = argument('--out', 'bench-results.json');
const STEADY_SECONDS = quick ? 2 : 5;
const CHURN_CYCLES = Number(argument('--churn', quick ? 200 : 1000));
const TTFE_SAMPLES = 15;
const JSON_FEEDS = 50;
const JSON_BURST = quick ? 1000 : 5000;
/** The phases of a page load, in order, as bench/public/probe.js and the bundles mark them. */
const PHASES = [
  'bundle runs',
  'stream requested',
  'tags defined',
  'bundle evaluated',
  'first render',
  'load event',
  'open',
  'first message',
  'first item in the DOM',
].map((phase) => `${phase} (ms)`);
/**
 * What is measured: a page of bench/ and what its widgets are told (the same page serves both of
 * sse-kit's transports). `baseline` is the hand-written EventSource list.
 */
const IMPLS = {
  baseline: { page: 'baseline' },
  'sse-kit': { page: 'sse-kit' },
  'sse-kit (fetch)': { page: 'sse-kit', options: { transport: 'fetch' } },
  // htmx-ext-sse as it comes (a browser EventSource per widget), and with its creation hook set to SseEventSource.
  htmx: { page: 'htmx' },
  'htmx + SseEventSource': { page: 'htmx-sse-kit' },
  // The same page with <sse-devtools> open beside the widget, inspecting its stream (issue 23).
  'sse-kit + devtools': { page: 'sse-kit', query: '?devtools' },
  // And over the fetch transport: a message costs the page least there, so the inspector's share shows most.
  'sse-kit (fetch) + devtools': { page: 'sse-kit', query: '?devtools', options: { transport: 'fetch' } },
};
/** Most scenarios compare sse-kit with the hand-written page; some add comparisons of their own. */
const VERSUS_BASELINE = [['baseline', 'sse-kit']];
const TRANSPORTS = [...VERSUS_BASELINE, ['sse-kit', 'sse-kit (fetch)']];
/** htmx's SSE extension without and with SseEventSource underneath. */
const HTMX = ['htmx', 'htmx + SseEventSource'];
/** `--only burst` runs the scenarios whose name contains that text; `--only "burst 20|fan-out 50"`, either (names have commas). */
const ONLY = argument('--only', '').split('|');
const only = (name) => ONLY.some((part) => name.includes(part));
/** What the open inspector costs the page it inspects: the same page without it and with it. */
const DEVTOOLS = ['sse-kit', 'sse-kit + devtools'];
const WITH_DEVTOOLS = [...VERSUS_BASELINE, DEVTOOLS];
const BURST_WITH_DEVTOOLS = [DEVTOOLS, ['sse-kit (fetch)', 'sse-kit (fetch) + devtools']];
/** `--compare ../old/dist/index.js`: the page load with that build of sse-kit too, against today's. */
// Absolute, so Vite's alias resolves it as a file wherever the run starts (and its imports from the nearest node_modules).
const COMPARE = argument('--compare', '') && resolve(argument('--compare', ''));
if (COMPARE) IMPLS['sse-kit (compare)'] = { page: 'compare/sse-kit' };
const root = fileURLToPath(new URL('../bench/', import.meta.url));
const outDir = fileURLToPath(new URL('../node_modules/.cache/sse-kit-bench/', import.meta.url));

// Production builds, as users ship them: minified, Lit's production mode. Each page-load page is built
// alone, so its bundle is one file that runs in import order (a chunk shared with another page would run
// before the page's own first module, and the phase marks would lie).
const PAGES = ['baseline', 'sse-kit', 'htmx', 'htmx-sse-kit'];
const LOAD_PAGES = ['baseline', 'sse-kit'];
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const devtoolsDist = fileURLToPath(new URL('../dist/devtools/index.js', import.meta.url));
const builds = [
  { pages: PAGES, sseKit: dist },
  ...LOAD_PAGES.map((page) => ({ pages: [`load-${page}`], sseKit: dist })),
  // The other build's page load and widget page go under /compare/, from the same page sources.
  ...(COMPARE ? [{ pages: ['load-sse-kit'], sseKit: COMPARE, under: 'compare/' }, { pages: ['sse-kit'], sseKit: COMPARE, under: 'compare/' }] : []),
];
for (const [i, { pages, sseKit, under = '' }] of builds.entries()) {
  await build({
    root,
    base: `/${under}`,
    logLevel: 'warn',
    mode: 'production',
    // Exact names: a prefix alias would turn `sse-kit/devtools` into `<sseKit>/devtools`.
    resolve: {
      alias: [
        { find: /^sse-kit$/, replacement: sseKit },
        { find: /^sse-kit\/eventsource$/, replacement: fileURLToPath(new URL('../dist/eventsource/index.js', import.meta.url)) },
        { find: /^sse-kit\/devtools$/, replacement: devtoolsDist },
      ],
    },
    build: {
      outDir: outDir + under,
      emptyOutDir: i === 0,
      rolldownOptions: { input: Object.fromEntries(pages.map((page) => [page, `${root}${page}.html`])) },
    },
  });
}
/** Where each impl's page-load page is served. */
const loadPage = (impl) => (IMPLS[impl].page === 'compare/sse-kit' ? '/compare/load-sse-kit.html' : `/load-${IMPLS[impl].page}.html`);
const server = await preview({
  root,
  logLevel: 'warn',
  plugins: [sseServerPlugin()],
  build: { outDir },
  preview: { port: 0, host: '127.0.0.1' },
});
const address = server.httpServer.address();
const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 4173}`;
const browser = await chromium.launch({ executablePath: findChrome(), args: chromeArgs });

let streams = 0;
/** A stream URL of the chaos server with a key of its own; 80-byte events `"<id> xxx…"`. */
const stream = (params) => {
  const key = `bench-${process.pid}-${++streams}`;
  const query = new URLSearchParams({ key, size: '80', ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) });
  return { key, url: `/sse/chaos/stream?${query}` };
};
const stats = async (key) => (await fetch(`${origin}/sse/chaos/stats?key=${key}`)).json();

/**
 * Runs `fn(page, options)` in a fresh page of `impl`, so runs share no state, heap or connections;
 * `options` is what the impl's widgets are told (pass it to the bench functions).
 */
async function inPage(impl, fn) {
  const { page: name, options = {}, query = '' } = IMPLS[impl];
  const page = await browser.newPage();
  try {
    await page.goto(`${origin}/${name}.html${query}`);
    await page.waitForFunction(() => window.benchReady === true);
    return await fn(page, options);
  } finally {
    await page.close();
  }
}

const heap = async (cdp) => {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
};

/** Each scenario: a name and a run that returns named numbers (higher or lower is better per metric). */
const scenarios = [
  {
    name: 'burst 20,000 events',
    // A JS parser on a fetch stream skips one DOM event per message: measured beside the browser's parser.
    // With the inspector open, what it costs per message: the page's time per event with it and without it.
    pairs: [...TRANSPORTS, HTMX, ...BURST_WITH_DEVTOOLS],
    async run(impl) {
      const { url } = stream({ count: 20_000, interval: 0 });
      const { ms } = await inPage(impl, (page, options) => page.evaluate(([u, o]) => window.bench.burst(u, 20_000, o), [url, options]));
      return { 'events/s': (20_000 / ms) * 1000, 'time to last rendered (ms)': ms };
    },
  },
  ...[2000, 10_000].map((rate) => ({
    name: `steady ${rate.toLocaleString('en')}/s for ${STEADY_SECONDS} s`,
    // At 2,000/s, the page with the inspector open beside the page without it.
    pairs: rate === 2000 ? WITH_DEVTOOLS : VERSUS_BASELINE,
    async run(impl) {
      const count = rate * STEADY_SECONDS;
      const { url } = stream({ count, rate });
      const result = await inPage(impl, async (page) => {
        // The inspector's first drawing (the panel made) is the page's load, not the stream's.
        await page.evaluate(() => void window.inspectorDrawings?.splice(0));
        const steady = await page.evaluate(([u, c]) => window.bench.steady(u, c), [url, count]);
        return { ...steady, inspector: await page.evaluate(() => window.inspectorDrawings ?? null) };
      });
      if (result.delivered !== count || result.lastShown !== String(count)) {
        throw new Error(`${impl} steady ${rate}/s: delivered ${result.delivered} of ${count}, last shown ${result.lastShown}`);
      }
      return {
        'long tasks (ms)': result.longTaskMs,
        // The stream's first second is the page's start-up (its code run cold, a backlog while it draws its
        // first items); after it comes the steady rate the scenario is named for.
        'long tasks after the first second (ms)': totalMs(result.longTasks.filter((task) => task.start >= result.startedAt + 1000)),
        'frame p50 (ms)': result.frameP50,
        'frame p95 (ms)': result.frameP95,
        'frame p99 (ms)': result.frameP99,
        'events delivered': result.delivered,
        // The page with <sse-devtools>: how often it drew, and what its drawings took in script.
        ...(result.inspector && inspectorMetrics(result.inspector, result.longTasks, result.longFrames)),
      };
    },
  })),
  {
    name: `streamed text: 10,000 pieces at 2,000/s`,
    async run(impl) {
      // Pieces "1 ", "2 ", … padded to 5 characters: <sse-text> against appending text nodes by hand.
      const { url } = stream({ count: 10_000, rate: 2000, size: 5 });
      const result = await inPage(impl, (page) => page.evaluate((u) => window.bench.text(u, '10000 '), url));
      texts[impl] ??= result.checksum;
      if (!result.shownMatches || texts[impl] !== texts.baseline && texts.baseline !== undefined || result.checksum !== texts[impl]) {
        throw new Error(`${impl} streamed text: the text differs (checksum ${result.checksum}, baseline ${texts.baseline})`);
      }
      return {
        'long tasks (ms)': result.longTaskMs,
        'frame p50 (ms)': result.frameP50,
        'frame p95 (ms)': result.frameP95,
        'frame p99 (ms)': result.frameP99,
        'characters': result.length,
        'text identical to the baseline': texts.baseline === undefined || result.checksum === texts.baseline ? 1 : 0,
      };
    },
  },
  ...[1, 10, 50].map((widgets) => ({
    name: `fan-out ${widgets} widget${widgets > 1 ? 's' : ''}`,
    // 50 htmx widgets: each its own connection, against one shared through SseEventSource.
    pairs: widgets === 50 ? [...VERSUS_BASELINE, HTMX] : VERSUS_BASELINE,
    async run(impl) {
      const { key, url } = stream({ count: 1_000_000, rate: 20, delay: 0 });
      const warm = stream({ count: 1_000_000, rate: 20, delay: 0 });
      const result = await inPage(impl, async (page) => {
        const shown = await page.evaluate(([u, w, v]) => window.bench.fanout(u, w, 3000, v), [url, widgets, warm.url]);
        return { ...shown, connections: (await stats(key)).requests };
      });
      return {
        'connections': result.connections,
        'widgets showing an event': result.shown,
        'time to all showing (ms)': result.ms ?? Number.NaN,
      };
    },
  })),
  {
    name: `churn ${CHURN_CYCLES.toLocaleString('en')} mount/unmount`,
    async run(impl) {
      // A stream that keeps talking: Chromium holds a closed stream's socket for up to 5 s when it went
      // quiet after its first bytes, which would count as "left open" for both sides alike.
      const { key, url } = stream({ count: 1_000_000, rate: 50, delay: 0 });
      return inPage(impl, async (page) => {
        const cdp = await page.context().newCDPSession(page);
        // A warm-up first, so the heap before already holds what any first use allocates (compiled code, styles).
        await page.evaluate((u) => window.bench.churn(u, 50), url);
        const before = await heap(cdp);
        const { ms } = await page.evaluate(([u, c]) => window.bench.churn(u, c), [url, CHURN_CYCLES]);
        await new Promise((resolve) => setTimeout(resolve, 500));
        const openSoon = (await stats(key)).open;
        const after = await heap(cdp);
        // Chromium may keep a cancelled stream's socket a few seconds to drain it: what stays open after 6 s
        // is what the code leaked.
        await new Promise((resolve) => setTimeout(resolve, 5500));
        return {
          'connections open after 0.5 s': openSoon,
          'connections left open (6 s)': (await stats(key)).open,
          'heap before (KB)': before / 1024,
          'heap after (KB)': after / 1024,
          'heap growth (%)': ((after - before) / before) * 100,
          'time (ms)': ms,
        };
      });
    },
  },
  {
    // The first impression: a page whose widget is markup, loaded from scratch; ms from the page's first
    // script, phase by phase (bench/public/probe.js marks them), so a regression shows which phase moved.
    name: 'time to first event (page load)',
    pairs: COMPARE ? [...VERSUS_BASELINE, ['sse-kit (compare)', 'sse-kit']] : VERSUS_BASELINE,
    async run(impl) {
      const phases = {};
      for (let i = 0; i < TTFE_SAMPLES; i++) {
        const page = await browser.newPage();
        try {
          // Nothing of the driver runs in the page until the probe says the first item is there.
          const shown = page.waitForEvent('console', { predicate: (message) => message.text() === 'sse-kit bench: first item' });
          await page.goto(origin + loadPage(impl), { waitUntil: 'commit' });
          await shown;
          const marks = await page.evaluate(() => {
            const start = performance.getEntriesByName('script start')[0].startTime;
            return performance.getEntriesByType('mark').map((mark) => [mark.name, mark.startTime - start]);
          });
          for (const [name, ms] of marks) if (name !== 'script start') (phases[`${name} (ms)`] ??= []).push(ms);
        } finally {
          await page.close();
        }
      }
      return Object.fromEntries(PHASES.map((phase) => [phase, median(phases[phase] ?? [])]));
    },
  },
  {
    // Issue 20: the store decodes each message once for every holder. 50 `<sse-feed json>` on one URL, a burst
    // of 5,000 JSON events sent once all are open: JSON.parse calls per message (the widgets' own, besides
    // what the page parses anyway), events/s from the first message to the last delivered to every feed.
    name: `${JSON_FEEDS} <sse-feed json>, burst of ${JSON_BURST.toLocaleString('en')} JSON events`,
    pairs: COMPARE ? [['sse-kit (compare)', 'sse-kit']] : [['sse-kit', 'sse-kit (fetch)']],
    async run(impl) {
      const key = `bench-${process.pid}-${++streams}`;
      const url = `/sse/chaos/stream?${new URLSearchParams({ key, count: '0', data: 'json', idle: '100' })}`;
      return inPage(impl, async (page, options) => {
        await page.evaluate(([u, n, c, o]) => void (window.jsonDone = window.bench.fanIn(u, n, c, { ...o, json: true })), [url, JSON_FEEDS, JSON_BURST, options]);
        for (let waited = 0; (await page.evaluate(() => document.querySelector('sse-feed')?.connection?.state)) !== 'open' || (await stats(key)).open !== 1; waited += 20) {
          if (waited > 15_000) throw new Error(`${impl}: the feeds did not open`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await fetch(`${origin}/sse/chaos/command?key=${key}&do=burst&n=${JSON_BURST}`, { method: 'POST' });
        const result = await page.evaluate(() => window.jsonDone);
        return {
          'JSON.parse calls per message': result.parses / JSON_BURST,
          'events/s': (JSON_BURST / result.ms) * 1000,
          'time to last delivered (ms)': result.ms,
          'long tasks (ms)': result.longTaskMs,
          connections: (await stats(key)).requests,
        };
      });
    },
  },
  {
    name: 'time to first event (mounted later)',
    pairs: TRANSPORTS,
    async run(impl) {
      return inPage(impl, async (page, options) => {
        const samples = [];
        for (let i = 0; i < TTFE_SAMPLES; i++) {
          const { url } = stream({ count: 1, interval: 0, delay: 0 });
          samples.push((await page.evaluate(([u, o]) => window.bench.ttfe(u, o), [url, options])).ms);
        }
        return { 'median of 15 (ms)': median(samples) };
      });
    },
  },
];

/**
 * The relay: a burst of 20,000 events in 4 tabs of one browser profile. `shared ×4`: one connection, held by
 * a leader tab that relays to 3 followers; `own ×4`: the same 4 tabs, each with its own connection (the same
 * rendering work at once); `alone`: one tab with its own connection. Each tab's events/s is 20,000 over the
 * time from its first message to its last one shown. The burst is sent by command once every tab is open.
 */
const RELAY = { name: 'relay burst 20,000 to 3 follower tabs', events: 20_000, tabs: 4, impls: ['alone', 'own ×4', 'shared ×4'] };

async function relayRun(impl) {
  const shared = impl.startsWith('shared');
  const tabs = impl === 'alone' ? 1 : RELAY.tabs;
  const { key, url } = stream({ count: 0 });
  // One context: its pages are tabs of one profile, which is what `shared` shares across.
  const context = await browser.newContext();
  try {
    const pages = [];
    for (let i = 0; i < tabs; i++) {
      const page = await context.newPage();
      await page.goto(`${origin}/sse-kit.html${shared ? '?shared' : ''}`);
      await page.waitForFunction(() => window.benchReady === true);
      pages.push(page);
    }
    await Promise.all(pages.map((page) => page.evaluate(([u, n]) => void (window.relayDone = window.bench.relay(u, n)), [url, RELAY.events])));
    const states = () => Promise.all(pages.map((page) => page.evaluate(() => document.querySelector('sse-feed')?.connection?.state)));
    for (let waited = 0; !(await states()).every((state) => state === 'open') || (await stats(key)).open !== (shared ? 1 : tabs); waited += 20) {
      if (waited > 15_000) throw new Error(`relay ${impl}: the tabs did not open`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await fetch(`${origin}/sse/chaos/command?key=${key}&do=burst&n=${RELAY.events}`, { method: 'POST' });
    const results = await Promise.all(
      pages.map(async (page) => ({
        ...(await page.evaluate(() => window.relayDone)),
        role: await page.evaluate(() => document.querySelector('sse-feed').connection.role),
      })),
    );
    const rate = (ms) => (RELAY.events / ms) * 1000;
    if (!shared) return { tab: results.map((r) => rate(r.ms)) };
    return { leader: results.filter((r) => r.role === 'leader').map((r) => rate(r.ms)), follower: results.filter((r) => r.role === 'follower').map((r) => rate(r.ms)) };
  } finally {
    await context.close();
  }
}

/**
 * What the open inspector's drawings took, and the long tasks of its drawings' frames. It draws in the
 * page's idle time (src/devtools/idle-drawer.ts), so a drawing is a task of its own; the style, layout and
 * paint it causes come after it, in the frame's rendering task, with the page's own. A long task inside a
 * drawing, or in a long animation frame that holds one (a drawing and the rendering it caused, Chromium's
 * Long Animation Frames API), counts here: that is a long task the inspector had a part in. A long task of
 * a frame without a drawing was the page's alone.
 * @param {{ start: number, ms: number }[]} drawings
 * @param {{ start: number, ms: number }[]} longTasks
 * @param {{ start: number, ms: number }[]} longFrames
 */
function inspectorMetrics(drawings, longTasks, longFrames) {
  const times = drawings.map((drawing) => drawing.ms);
  const startsIn = (span, outer) => span.start >= outer.start && span.start < outer.start + outer.ms;
  const holdsDrawing = (span) => drawings.some((drawing) => startsIn(drawing, span));
  const drawingFrames = longFrames.filter(holdsDrawing);
  const inDrawingFrame = (task) => drawingFrames.some((frame) => startsIn(task, frame));
  return {
    'long tasks with an inspector drawing in them (ms)': totalMs(longTasks.filter(holdsDrawing)),
    'long tasks in a frame with an inspector drawing (ms)': totalMs(longTasks.filter((task) => holdsDrawing(task) || inDrawingFrame(task))),
    'inspector drawings': drawings.length,
    'inspector drawing p50 (ms)': median(times),
    'inspector drawing max (ms)': Math.max(0, ...times),
    'inspector drawings, total (ms)': totalMs(drawings),
  };
}

/** The main thread's time in `spans` (long tasks, drawings), ms. */
const totalMs = (/** @type {{ ms: number }[]} */ spans) => spans.reduce((total, span) => total + span.ms, 0);

function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The streamed text's checksum per impl: every run of every impl must end with the same text. */
const texts = {};
/** results[scenario][impl][metric] = number[] (one per round) */
const results = {};
const chosen = scenarios.filter((scenario) => only(scenario.name));
const pairsOf = (scenario) => scenario.pairs ?? VERSUS_BASELINE;
/** relay[impl][role] = events/s of every tab of that role, over the rounds */
const relay = {};
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const scenario of chosen) {
      const impls = [...new Set(pairsOf(scenario).flat())];
      // Interleaved, and the order alternates, so drift (thermal, GC, caches) hits every side alike.
      for (const impl of round % 2 === 0 ? impls : impls.reverse()) {
        const metrics = await scenario.run(impl);
        for (const [metric, value] of Object.entries(metrics)) {
          ((results[scenario.name] ??= {})[impl] ??= {})[metric] ??= [];
          results[scenario.name][impl][metric].push(value);
        }
      }
    }
    if (only(RELAY.name)) {
      for (const impl of round % 2 === 0 ? RELAY.impls : [...RELAY.impls].reverse()) {
        for (const [role, values] of Object.entries(await relayRun(impl))) ((relay[impl] ??= {})[role] ??= []).push(...values);
      }
    }
    console.error(`round ${round + 1}/${ROUNDS} done`);
  }
} finally {
  await browser.close();
  await server.close();
}

const sizes = await measureSizes();
const rows = [];
for (const scenario of chosen) {
  const byImpl = results[scenario.name];
  const summary = (impl, metric) => {
    // A metric only one side has (the inspector's) shows as — on the other.
    const values = byImpl[impl][metric] ?? [];
    const finite = values.filter(Number.isFinite);
    return { impl, median: median(values), min: Math.min(...finite), max: Math.max(...finite), values };
  };
  for (const [base, contender] of pairsOf(scenario)) {
    for (const metric of new Set([...Object.keys(byImpl[base]), ...Object.keys(byImpl[contender])])) {
      const baseline = summary(base, metric);
      const ours = summary(contender, metric);
      const ratio = baseline.median === 0 ? Number.NaN : ours.median / baseline.median;
      rows.push({ scenario: scenario.name, metric, baseline, contender: ours, ratio });
    }
  }
}

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  chromium: browser.version(),
  date: new Date().toISOString(),
  rounds: ROUNDS,
};
const relayRows = [];
if (relay.alone) {
  const alone = median(relay.alone.tab);
  const own = median(relay['own ×4'].tab);
  for (const [impl, roles] of Object.entries(relay)) {
    for (const [role, values] of Object.entries(roles)) {
      const m = median(values);
      relayRows.push({ impl, role, median: m, min: Math.min(...values), max: Math.max(...values), values, vsAlone: m / alone, vsOwn: m / own });
    }
  }
}
writeFileSync(OUT, `${JSON.stringify({ machine, rows, relay: relayRows, sizes }, null, 2)}\n`);

// The same tables as the docs show (scripts/docs-figures.js renders them from the JSON written above).
console.log(`\n${machineLine(machine)}; interleaved\n`);
console.log(benchTable(rows));
if (rows.some((row) => row.scenario === PAGE_LOAD)) console.log(`\npage load, phase by phase:\n\n${pageLoadTable(rows)}`);
if (relayRows.length) {
  console.log(`\n${RELAY.name}: events/s in each tab, first message to last shown (${ROUNDS} rounds, every tab's value)\n`);
  console.log(relayTable(relayRows));
}
console.log(`\n${sizeTable(sizes)}`);
console.log(`\nwritten: ${OUT}`);
