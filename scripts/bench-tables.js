// The benchmark's tables, as Markdown: what `npm run bench` prints when it ends, and what
// scripts/docs-figures.js writes into the docs from docs/bench.json. One place formats a figure, so the
// console and the docs never disagree about a number.

/**
 * @typedef {object} Side one contender of a comparison, over the rounds
 * @property {string} impl
 * @property {number} median
 * @property {number} min
 * @property {number} max
 * @property {number[]} values
 */

/**
 * @typedef {object} BenchRow a metric of a scenario, a contender against its baseline
 * @property {string} scenario
 * @property {string} metric
 * @property {Side} baseline
 * @property {Side} contender
 * @property {number | null} ratio contender / baseline (null in JSON where it is not a number)
 */

/**
 * @typedef {object} RelayRow a role's events/s in the cross-tab relay burst
 * @property {string} impl
 * @property {string} role
 * @property {number} median
 * @property {number} min
 * @property {number} max
 * @property {number[]} values
 * @property {number} vsAlone
 * @property {number} vsOwn
 */

/**
 * @typedef {object} Machine what the run was measured on
 * @property {string} cpu
 * @property {number} cores
 * @property {number} memoryGiB
 * @property {string} node
 * @property {string} chromium
 * @property {string} date
 * @property {number} rounds
 */

/**
 * @typedef {object} ReloadRow one engine and pace of the reload bench (scripts/reload-bench.js)
 * @property {string} engine the engine's name and version
 * @property {string} pace `full speed` or `10,000/s`
 * @property {number} runs
 * @property {number} midBurst reloads that landed in the middle of the burst (the others had read it whole)
 * @property {number[]} cuts events the old page had when the browser unloaded it, per mid-burst reload
 * @property {number} lost
 * @property {number} repeated
 * @property {number[]} ms reload to first resumed event, per mid-burst reload
 */

/** The page-load scenario's name: its phases get a table of their own. */
export const PAGE_LOAD = 'time to first event (page load)';

/** A figure as the tables show it: thousands grouped from 100 up, one decimal below; "—" when unmeasured. */
export function format(/** @type {number | null | undefined} */ value) {
  if (value == null || !Number.isFinite(value)) return '—';
  if (Number.isInteger(value) || Math.abs(value) >= 100) return Math.round(value).toLocaleString('en');
  return value.toFixed(1);
}

/** The baseline is the hand-written page: the tables call it that. */
const label = (/** @type {string} */ impl) => (impl === 'baseline' ? 'hand-written' : impl);

/** A ratio as the tables show it. */
export const times = (/** @type {number | null | undefined} */ ratio) => (ratio != null && Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—');

const range = (/** @type {Side} */ side) => (Number.isFinite(side.min) ? `${format(side.min)}–${format(side.max)}` : '—');
const cell = (/** @type {Side} */ side) => `${label(side.impl)}: ${format(side.median)} (${range(side)})`;

/**
 * Every comparison but the page load's phases: scenario, metric, both sides and the ratio.
 * @param {BenchRow[]} rows
 */
export function benchTable(rows) {
  const lines = ['| scenario | metric | baseline: median (min–max) | contender: median (min–max) | contender / baseline |', '| --- | --- | ---: | ---: | ---: |'];
  for (const row of rows) {
    if (row.scenario === PAGE_LOAD) continue;
    lines.push(`| ${row.scenario} | ${row.metric} | ${cell(row.baseline)} | ${cell(row.contender)} | ${times(row.ratio)} |`);
  }
  return lines.join('\n');
}

/**
 * The page load, phase by phase (ms from the page's first script): the hand-written page, the build it was
 * compared with (`--compare`, when the run had one) and today's sse-kit, with the ratios.
 * @param {BenchRow[]} rows
 */
export function pageLoadTable(rows) {
  const phases = rows.filter((row) => row.scenario === PAGE_LOAD);
  const handWritten = phases.filter((row) => row.baseline.impl === 'baseline');
  /** @type {Map<string, BenchRow>} */
  const before = new Map(phases.filter((row) => row.baseline.impl === 'sse-kit (compare)').map((row) => [row.metric, row]));
  const compared = before.size > 0;
  const lines = compared
    ? ['| phase (ms) | hand-written | sse-kit before | sse-kit now | now / hand-written | now / before |', '| --- | ---: | ---: | ---: | ---: | ---: |']
    : ['| phase (ms) | hand-written | sse-kit | sse-kit / hand-written |', '| --- | ---: | ---: | ---: |'];
  for (const row of handWritten) {
    const phase = row.metric.replace(/ \(ms\)$/, '');
    const earlier = before.get(row.metric);
    lines.push(
      compared
        ? `| ${phase} | ${format(row.baseline.median)} | ${format(earlier?.baseline.median)} | ${format(row.contender.median)} | ${times(row.ratio)} | ${times(earlier?.ratio)} |`
        : `| ${phase} | ${format(row.baseline.median)} | ${format(row.contender.median)} | ${times(row.ratio)} |`,
    );
  }
  return lines.join('\n');
}

/**
 * The relay burst: events/s in each tab by how the tabs are connected, against one tab alone and against
 * four tabs with a connection each.
 * @param {RelayRow[]} relay
 */
export function relayTable(relay) {
  const lines = ['| tabs | tab | events/s median (min–max) | vs alone | vs own ×4 |', '| --- | --- | ---: | ---: | ---: |'];
  for (const row of relay) {
    lines.push(`| ${row.impl} | ${row.role} | ${format(row.median)} (${format(row.min)}–${format(row.max)}) | ${times(row.vsAlone)} | ${times(row.vsOwn)} |`);
  }
  return lines.join('\n');
}

/**
 * One line on what the run was measured on.
 * @param {Machine} machine
 */
export function machineLine(machine) {
  return `${machine.rounds} rounds on ${machine.cpu} (${machine.cores} cores, ${machine.memoryGiB} GiB), Chromium ${machine.chromium}, Node ${machine.node}, ${machine.date.slice(0, 10)}`;
}

/** Which rows a doc's comparison shows: htmx's pair (docs/eventsource.md), the inspector's (docs/devtools.md). */
export const ROWS = {
  htmx: (/** @type {BenchRow} */ row) => row.baseline.impl === 'htmx',
  // The page with the inspector open beside the same page without it, over either transport.
  devtools: (/** @type {BenchRow} */ row) => row.contender.impl.endsWith(' + devtools'),
};

/**
 * One pair of contenders, named in the header: `first` against `second` on the rows `wanted` keeps. Rows of
 * several pairs that differ in one way (the inspector open or not, over either transport) name the sides in
 * `heads` and what tells the pairs apart in the scenario (`scenario`).
 * @param {BenchRow[]} rows
 * @param {(row: BenchRow) => boolean} wanted
 * @param {{ first: string, second: string, scenario: (row: BenchRow) => string }} [heads]
 */
export function pairTable(rows, wanted, heads) {
  const kept = rows.filter(wanted);
  if (!kept.length) return '(not measured in this run)';
  const [first, second] = heads ? [heads.first, heads.second] : [label(kept[0].baseline.impl), label(kept[0].contender.impl)];
  const scenario = heads?.scenario ?? ((/** @type {BenchRow} */ row) => row.scenario);
  const lines = [`| scenario | metric | ${first}: median (min–max) | ${second}: median (min–max) | ratio |`, '| --- | --- | ---: | ---: | ---: |'];
  const side = (/** @type {Side} */ side) => `${format(side.median)} (${range(side)})`;
  for (const row of kept) lines.push(`| ${scenario(row)} | ${row.metric} | ${side(row.baseline)} | ${side(row.contender)} | ${times(row.ratio)} |`);
  return lines.join('\n');
}

/**
 * The reload bench: per engine and pace, reloads mid-burst, events lost and repeated, reload to first resumed event.
 * @param {ReloadRow[]} rows
 */
export function reloadTable(rows) {
  const span = (/** @type {number[]} */ values) => (values.length ? `${format(Math.min(...values))}–${format(Math.max(...values))}` : '—');
  const ms = (/** @type {number | undefined} */ value) => (value === undefined ? '—' : `${format(value)} ms`);
  const lines = [
    '| engine | burst | reloads mid-burst | events before the page unloaded | lost | repeated | reload → first resumed event (median) | (max) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const sorted = [...row.ms].sort((a, b) => a - b);
    lines.push(
      `| ${row.engine} | ${row.pace} | ${row.midBurst} of ${row.runs} | ${span(row.cuts)} | ${row.lost} | ${row.repeated} | ${ms(sorted[Math.floor((sorted.length - 1) / 2)])} | ${ms(sorted.at(-1))} |`,
    );
  }
  return lines.join('\n');
}
