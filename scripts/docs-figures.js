// The figures in the docs come from the scripts that measure them, never from memory. A figure lives in a
// marked region of README.md, CONTRIBUTING.md or a docs/*.md file, as a block (the marker ends its line)
// or inline:
//
//   <!-- figures:sizes -->
//   | entry | … |
//   <!-- /figures -->
//   one file of <!-- figures:size-bundle -->18.6 KB<!-- /figures --> gzipped
//
// Sizes are measured now, from dist/ (scripts/size.js: run `npm run build` first); the benchmark's tables
// are rendered from docs/bench.json, which `npm run bench -- --out docs/bench.json` writes, and the reload
// bench's from docs/reload-bench.json (`npm run bench:reload -- --out docs/reload-bench.json`).
// `node scripts/docs-figures.js` rewrites every region (`npm run docs:figures`); `--check` writes nothing
// and fails with a diff for each region that is behind, and for a region no generator knows (a step of
// `npm test`, so a size that changed without the docs fails the build). `--only sizes`, `--only bench` or
// `--only reload` limits it to one source.
import { readFileSync, writeFileSync } from 'node:fs';
import { benchTable, machineLine, pageLoadTable, pairTable, relayTable, reloadTable, ROWS } from './bench-tables.js';
import { docFiles } from './docs-files.js';
import { measureSizes, SIZE_FIGURES } from './size.js';

/** @typedef {'sizes' | 'bench' | 'reload'} Source */
/** @typedef {import('./size.js').SizeRow} SizeRow */
/**
 * @typedef {object} BenchRun what docs/bench.json holds
 * @property {import('./bench-tables.js').Machine} machine
 * @property {import('./bench-tables.js').BenchRow[]} rows
 * @property {import('./bench-tables.js').RelayRow[]} relay
 */

const BENCH_JSON = 'docs/bench.json';
const RELOAD_JSON = 'docs/reload-bench.json';

/** @type {Record<string, (run: BenchRun) => string>} the benchmark's figures by region name */
const BENCH_FIGURES = {
  // The comparisons with the hand-written page and between transports; htmx's and the inspector's have docs of their own.
  bench: (run) => benchTable(run.rows.filter((row) => !ROWS.htmx(row) && !ROWS.devtools(row))),
  'bench-htmx': (run) => pairTable(run.rows, ROWS.htmx),
  'bench-devtools': (run) =>
    pairTable(run.rows, ROWS.devtools, {
      first: 'page alone',
      second: 'with `<sse-devtools open>`',
      scenario: (row) => `${row.scenario}${row.baseline.impl.includes('fetch') ? ' (fetch transport)' : ''}`,
    }),
  'bench-page-load': (run) => pageLoadTable(run.rows),
  'bench-relay': (run) => relayTable(run.relay),
  'bench-machine': (run) => machineLine(run.machine),
};

/** Each source: its generators, where its figures come from (for the message), and how to get its data. */
const SOURCES = {
  sizes: { figures: SIZE_FIGURES, origin: 'scripts/size.js, measured from dist/ now' },
  bench: { figures: BENCH_FIGURES, origin: `${BENCH_JSON}, written by \`npm run bench -- --out ${BENCH_JSON}\`` },
  reload: {
    figures: {
      'bench-reload': (/** @type {{ rows: import('./bench-tables.js').ReloadRow[] }} */ run) => reloadTable(run.rows),
      'bench-reload-machine': (/** @type {{ date: string, cpu: string, cores: number }} */ run) => `${run.cpu} (${run.cores} cores), ${run.date.slice(0, 10)}`,
    },
    origin: `${RELOAD_JSON}, written by \`npm run bench:reload -- --out ${RELOAD_JSON}\``,
  },
};

/** A region's markers; one quoted in a code span (a backtick before it) is an example, not a region. */
const REGION = /(?<!`)<!-- figures:([\w-]+) -->([\s\S]*?)<!-- \/figures -->/g;

/** The lines of `found` that `wanted` does not have (-) and the other way round (+), in order. */
function lineDiff(/** @type {string} */ found, /** @type {string} */ wanted) {
  const before = found.split('\n');
  const after = wanted.split('\n');
  return [...before.filter((line) => !after.includes(line)).map((line) => `-${line}`), ...after.filter((line) => !before.includes(line)).map((line) => `+${line}`)];
}

/**
 * Rewrites (or, with `check`, compares) the figure regions of every doc.
 * @param {{ sources?: Source[], check?: boolean, sizes?: SizeRow[] }} [options] `sizes`: rows already measured
 * @returns {Promise<number>} how many regions were behind (with `check`) or have no generator
 */
export async function writeFigures({ sources = ['sizes', 'bench', 'reload'], check = false, sizes } = {}) {
  // The data only of the sources asked for: measuring the sizes takes a few seconds.
  const data = {
    sizes: sources.includes('sizes') ? (sizes ?? (await measureSizes())) : undefined,
    bench: sources.includes('bench') ? /** @type {BenchRun} */ (JSON.parse(readFileSync(BENCH_JSON, 'utf8'))) : undefined,
    reload: sources.includes('reload') ? JSON.parse(readFileSync(RELOAD_JSON, 'utf8')) : undefined,
  };
  /** @param {string} name */
  const sourceOf = (name) => /** @type {Source[]} */ (Object.keys(SOURCES)).find((source) => name in SOURCES[source].figures);
  let behind = 0;
  let regions = 0;
  for (const path of docFiles()) {
    const text = readFileSync(path, 'utf8');
    const next = text.replace(REGION, (whole, /** @type {string} */ name, /** @type {string} */ content) => {
      const source = sourceOf(name);
      if (!source) {
        console.error(`${path}: <!-- figures:${name} --> has no generator (known: ${Object.values(SOURCES).flatMap((s) => Object.keys(s.figures)).join(', ')})`);
        behind++;
        return whole;
      }
      if (!sources.includes(source)) return whole;
      regions++;
      const generate = /** @type {(input: unknown) => string} */ (SOURCES[source].figures[name]);
      const figure = generate(data[source]);
      // A block region keeps its figure on lines of its own; an inline one stays in its sentence.
      const wanted = content.startsWith('\n') ? `\n${figure}\n` : figure;
      if (check && content !== wanted) {
        console.error(`${path}: figures:${name} is behind ${SOURCES[source].origin}; run \`npm run docs:figures\`:`);
        for (const line of lineDiff(content.trim(), wanted.trim())) console.error(`  ${line}`);
        behind++;
      }
      return `<!-- figures:${name} -->${wanted}<!-- /figures -->`;
    });
    if (!check && next !== text) {
      writeFileSync(path, next);
      console.log(`${path}: figures rewritten`);
    }
  }
  console.log(`docs figures: ${regions} region(s) ${check ? 'checked' : 'written'} (${sources.join(', ')})${behind ? `; ${behind} behind or without a generator` : ''}`);
  return behind;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv.indexOf('--only');
  const sources = /** @type {Source[]} */ (only > 0 ? [process.argv[only + 1]] : ['sizes', 'bench', 'reload']);
  for (const source of sources) if (!(source in SOURCES)) throw new Error(`--only ${source}: the sources are ${Object.keys(SOURCES).join(', ')}`);
  if ((await writeFigures({ sources, check: process.argv.includes('--check') })) > 0) process.exit(1);
}
