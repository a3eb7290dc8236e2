// What sse-kit adds to a page, in gzipped bytes: each public entry bundled and minified with esbuild
// (as an app's bundler would, code splitting on), with lit and zustand left out (the app has them once,
// whoever uses them) and with them in. What an entry loads at once counts; what it imports dynamically
// (the fetch transport and its parser, the cross-tab code of `shared`, `persist`) are lazy chunks, reported
// beside it, one column each. The framework adapters are
// measured with their framework left out, and alone (what they add to `sse-kit/store`), and so is the
// devtools entry (what it adds to `sse-kit/store`: it is loaded beside the page's sse-kit). The no-build
// bundle is one minified file with everything inside, so it is measured as it is served. `--check`
// fails when an entry is over its budget; the numbers are deterministic, so CI checks them. `--markdown`
// writes the size tables and figures into their marked regions of the docs (scripts/docs-figures.js), and
// `--markdown --check` fails with a diff where a doc is behind. Reads dist/: run `npm run build` first.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Gzipped-byte budgets, without lit and zustand: today's sizes rounded up, so they can only shrink. An
 * adapter's bounds what it adds to `sse-kit/store` (which has its own); the bundle's, the file as served.
 * The goals (issue 4) are lower, and the README says how far off they are.
 */
export const BUDGETS = {
  'sse-kit/store': 7130,
  'sse-kit': 12560,
  'sse-kit/react': 1050,
  'sse-kit/vue': 1190,
  'sse-kit/svelte': 1115,
  'sse-kit/eventsource': 1620,
  // The inspector (issue 23), loaded only by a page that imports it: what it adds to `sse-kit/store`. Raised
  // once, from 10,100, by the 393 B of its rehearsal drawing (docs/devtools.md, Cost): the price of no long
  // task in a stream's first frames.
  'sse-kit/devtools': 10500,
  'sse-kit/bundle': 23060,
};
/** @type {Record<string, number | undefined>} */
export const GOALS = { 'sse-kit/store': 1500, 'sse-kit': 5000 };
const ENTRIES = {
  'sse-kit/store': 'dist/store/index.js',
  'sse-kit': 'dist/index.js',
  'sse-kit/react': 'dist/adapters/react.js',
  'sse-kit/vue': 'dist/adapters/vue.js',
  'sse-kit/svelte': 'dist/adapters/svelte.js',
  'sse-kit/eventsource': 'dist/eventsource/index.js',
  'sse-kit/devtools': 'dist/devtools/index.js',
};
const BUNDLE = { entry: 'sse-kit/bundle', file: 'dist/sse-kit.bundle.js' };
const DEPENDENCIES = ['lit', 'lit/*', '@lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*', 'zustand', 'zustand/*'];
/** Entries measured by what they add to `sse-kit/store` (their budgets bound that): the adapters and `sse-kit/eventsource`. */
const BUILT_ON_STORE = /\/(adapters|eventsource|devtools)\//;
/** The apps' own frameworks: never counted, an adapter only calls into them. */
const FRAMEWORKS = ['react', 'react/*', 'react-dom', 'react-dom/*', 'vue', 'vue/*', 'svelte', 'svelte/*'];

/** The lazy chunks by the module `import()` loads, as the tables name them. */
const LAZY = { 'dist/store/transports/fetch.js': 'fetch transport', 'dist/shared/hub.js': 'shared (cross-tab)', 'dist/store/persist.js': 'persist' };

/** The hash esbuild puts in a chunk's name. */
const HASHED = /-[A-Z0-9]{8}\.js$/;

/** @type {import('esbuild').Plugin} Leaves the store's modules out, to see what an adapter adds to it. */
const storeOutside = {
  name: 'store-outside',
  setup(build) {
    build.onResolve({ filter: /\/store\// }, ({ path }) => ({ path, external: true }));
  },
};

/**
 * Gzipped bytes of what `entry` loads at once (the entry and the chunks it imports statically) and of
 * what it loads on demand (the chunks reached only through `import()`), in all and by lazy chunk.
 */
async function gzippedBytes(entry, external, plugins = []) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    outdir: 'size-out',
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    external: [...external, ...FRAMEWORKS],
    plugins,
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  // A chunk's name has a hash that depends on where the checkout is: in the code, each is replaced by a fixed
  // text of the same length, so a clone anywhere measures the same bytes.
  const names = result.outputFiles.map((file) => basename(file.path)).filter((name) => HASHED.test(name));
  /** @param {string} code */
  const steady = (code) => names.reduce((text, name) => text.replaceAll(name, name.replace(HASHED, '-00000000.js')), code);
  const gzipped = new Map(result.outputFiles.map((file) => [relative(process.cwd(), file.path), gzipSync(steady(file.text), { level: 9 }).length]));
  const [main] = Object.keys(outputs).filter((path) => outputs[path].entryPoint);
  /** The outputs `from` loads, following imports of the given kinds. */
  const reach = (from, kinds, seen = new Set()) => {
    if (seen.has(from)) return seen;
    seen.add(from);
    for (const { path, kind } of outputs[from].imports) if (outputs[path] && kinds.includes(kind)) reach(path, kinds, seen);
    return seen;
  };
  const eager = reach(main, ['import-statement']);
  const everything = reach(main, ['import-statement', 'dynamic-import']);
  const sum = (paths) => [...paths].reduce((total, path) => total + (gzipped.get(path) ?? 0), 0);
  /** @type {Record<string, number>} */
  const chunks = {};
  for (const path of everything) {
    const name = LAZY[/** @type {keyof LAZY} */ (outputs[path].entryPoint ?? '')];
    if (name && !eager.has(path)) chunks[name] = sum([...reach(path, ['import-statement'])].filter((p) => !eager.has(p)));
  }
  return { eager: sum(eager), lazy: sum([...everything].filter((path) => !eager.has(path))), chunks };
}

/**
 * @typedef {object} SizeRow
 * @property {string} entry
 * @property {number | null} bytes loaded at once, gzipped, without lit and zustand (null for the bundle, which has them inside)
 * @property {number} lazy loaded on demand, in all
 * @property {Record<string, number>} chunks loaded on demand, by lazy chunk
 * @property {number} withDependencies loaded at once with lit and zustand
 * @property {number | null} own what an adapter or `sse-kit/eventsource` adds to `sse-kit/store`; null for the others
 * @property {number} budget
 * @property {number | undefined} goal
 */

/** @returns {Promise<SizeRow[]>} */
export async function measureSizes() {
  /** @type {SizeRow[]} */
  const rows = [];
  for (const [entry, file] of Object.entries(ENTRIES)) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
    const alone = await gzippedBytes(file, DEPENDENCIES);
    rows.push({
      entry,
      bytes: alone.eager,
      lazy: alone.lazy,
      chunks: alone.chunks,
      withDependencies: (await gzippedBytes(file, [])).eager,
      own: BUILT_ON_STORE.test(file) ? (await gzippedBytes(file, DEPENDENCIES, [storeOutside])).eager : null,
      budget: BUDGETS[/** @type {keyof BUDGETS} */ (entry)],
      goal: GOALS[entry],
    });
  }
  if (!existsSync(BUNDLE.file)) throw new Error(`${BUNDLE.file} is missing: run \`npm run build\` first`);
  rows.push({
    entry: BUNDLE.entry,
    bytes: null,
    lazy: 0,
    chunks: {},
    withDependencies: gzipSync(readFileSync(BUNDLE.file), { level: 9 }).length,
    own: null,
    budget: BUDGETS[BUNDLE.entry],
    goal: undefined,
  });
  return rows;
}

/** @param {SizeRow} row the size its budget bounds */
const bounded = (row) => row.own ?? row.bytes ?? row.withDependencies;

/** Bytes as the tables show them: `4,238 B`, or "—" where an entry has no such figure. */
const bytes = (/** @type {number | null | undefined} */ n) => (n == null ? '—' : `${n.toLocaleString('en')} B`);
const lazyNames = Object.values(LAZY);

/**
 * Every entry's sizes, as `npm run size` prints them and the docs show them.
 * @param {SizeRow[]} rows
 */
export function sizeTable(rows) {
  const lines = [
    `| entry | gzipped, without lit/zustand | adds to \`sse-kit/store\` | budget (CI) | goal | with lit/zustand | ${lazyNames.map((name) => `on demand: ${name}`).join(' | ')} |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ${lazyNames.map(() => '---: |').join(' ')}`,
  ];
  for (const row of rows) {
    const lazy = lazyNames.map((name) => (row.bytes == null && !(name in row.chunks) ? 'inside' : bytes(row.chunks[name] ?? 0))).join(' | ');
    lines.push(`| \`${row.entry}\` | ${bytes(row.bytes)} | ${bytes(row.own)} | ${bytes(row.budget)} | ${bytes(row.goal)} | ${bytes(row.withDependencies)} | ${lazy} |`);
  }
  return lines.join('\n');
}

/**
 * The framework adapters: what each adds to `sse-kit/store`, and the entry with the store (the framework
 * and lit/zustand left out), as an app that imports it pays.
 * @param {SizeRow[]} rows
 */
export function adapterTable(rows) {
  const lines = ['| entry | adds to `sse-kit/store` | with the store |', '| --- | ---: | ---: |'];
  for (const row of rows) if (row.own != null) lines.push(`| \`${row.entry}\` | ${bytes(row.own)} | ${bytes(row.bytes)} |`);
  return lines.join('\n');
}

/** @param {SizeRow[]} rows @param {string} entry */
const rowOf = (rows, entry) => {
  const found = rows.find((row) => row.entry === entry);
  if (!found) throw new Error(`no size measured for ${entry}`);
  return found;
};

/**
 * The size figures the docs show, by the name of their region (`<!-- figures:NAME -->`, written by
 * scripts/docs-figures.js): the tables, and single figures for prose.
 * @type {Record<string, (rows: SizeRow[]) => string>}
 */
export const SIZE_FIGURES = {
  sizes: sizeTable,
  'sizes-adapters': adapterTable,
  'size-bundle': (rows) => `${(rowOf(rows, BUNDLE.entry).withDependencies / 1000).toFixed(1)} KB`,
  'size-store': (rows) => bytes(rowOf(rows, 'sse-kit/store').bytes),
  'size-base': (rows) => bytes(rowOf(rows, 'sse-kit').bytes),
  'size-base-with-dependencies': (rows) => bytes(rowOf(rows, 'sse-kit').withDependencies),
  'size-fetch-chunk': (rows) => bytes(rowOf(rows, 'sse-kit/store').chunks['fetch transport']),
  'size-shared-chunk': (rows) => bytes(rowOf(rows, 'sse-kit/store').chunks['shared (cross-tab)']),
  'size-eventsource': (rows) => bytes(rowOf(rows, 'sse-kit/eventsource').bytes),
  'size-eventsource-with-dependencies': (rows) => bytes(rowOf(rows, 'sse-kit/eventsource').withDependencies),
  'size-eventsource-own': (rows) => bytes(rowOf(rows, 'sse-kit/eventsource').own),
  'size-devtools-own': (rows) => bytes(rowOf(rows, 'sse-kit/devtools').own),
  'size-devtools-with-dependencies': (rows) => bytes(rowOf(rows, 'sse-kit/devtools').withDependencies),
  'size-persist-chunk': (rows) => bytes(rowOf(rows, 'sse-kit/store').chunks.persist),
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await measureSizes();
  console.log(sizeTable(rows));
  const check = process.argv.includes('--check');
  let failed = false;
  if (check) {
    for (const row of rows.filter((r) => bounded(r) > r.budget)) {
      console.error(`size budget exceeded: ${row.entry} is ${bounded(row)} B, budget ${row.budget} B`);
      failed = true;
    }
  }
  if (process.argv.includes('--markdown')) {
    // Imported here: the figures script imports this one for its measurements.
    const { writeFigures } = await import('./docs-figures.js');
    if ((await writeFigures({ sources: ['sizes'], check, sizes: rows })) > 0) failed = true;
  }
  if (failed) process.exit(1);
}
