// What sse-kit adds to a page, in gzipped bytes: each public entry bundled and minified with esbuild
// (as an app's bundler would), with lit and zustand left out (the app has them once, whoever uses them)
// and with them in. The framework adapters are measured with their framework left out, and also alone
// (what they add to `sse-kit/store`). The no-build bundle is already one minified file with everything
// inside, so it is measured as it is served. `--check` fails when an entry is over its budget; the
// numbers are deterministic, so CI checks them. Reads dist/: run `npm run build` first.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/**
 * Gzipped-byte budgets, without lit and zustand (the bundle: with them, as served): today's sizes
 * rounded up, so they can only shrink. The goals (issue 4) are lower, and the README says how far off they are.
 */
export const BUDGETS = {
  'sse-kit/store': 2600,
  'sse-kit': 6250,
  'sse-kit/react': 0,
  'sse-kit/vue': 0,
  'sse-kit/svelte': 0,
  'sse-kit/bundle': 0,
};
/** @type {Record<string, number | undefined>} */
export const GOALS = { 'sse-kit/store': 1500, 'sse-kit': 5000 };
const ENTRIES = {
  'sse-kit/store': 'dist/store/index.js',
  'sse-kit': 'dist/index.js',
  'sse-kit/react': 'dist/adapters/react.js',
  'sse-kit/vue': 'dist/adapters/vue.js',
  'sse-kit/svelte': 'dist/adapters/svelte.js',
};
const BUNDLE = { entry: 'sse-kit/bundle', file: 'dist/sse-kit.bundle.js' };
const DEPENDENCIES = ['lit', 'lit/*', '@lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*', 'zustand', 'zustand/*'];
/** The apps' own frameworks: never counted, an adapter only calls into them. */
const FRAMEWORKS = ['react', 'react/*', 'react-dom', 'react-dom/*', 'vue', 'vue/*', 'svelte', 'svelte/*'];

/** @type {import('esbuild').Plugin} Leaves the store's modules out, to see what an adapter adds to it. */
const storeOutside = {
  name: 'store-outside',
  setup(build) {
    build.onResolve({ filter: /\/store\// }, ({ path }) => ({ path, external: true }));
  },
};

/**
 * @param {string} entry
 * @param {string[]} external
 * @param {import('esbuild').Plugin[]} [plugins]
 */
async function gzippedBytes(entry, external, plugins = []) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    external: [...external, ...FRAMEWORKS],
    plugins,
    logLevel: 'silent',
  });
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
}

/**
 * @typedef {object} SizeRow
 * @property {string} entry
 * @property {number | null} bytes gzipped without lit and zustand (null for the bundle, which has them inside)
 * @property {number} withDependencies gzipped with lit and zustand
 * @property {number | null} own what an adapter adds to `sse-kit/store`, null for the others
 * @property {number} budget
 * @property {number | undefined} goal
 */

/** @returns {Promise<SizeRow[]>} */
export async function measureSizes() {
  /** @type {SizeRow[]} */
  const rows = [];
  for (const [entry, file] of Object.entries(ENTRIES)) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
    rows.push({
      entry,
      bytes: await gzippedBytes(file, DEPENDENCIES),
      withDependencies: await gzippedBytes(file, []),
      own: file.includes('/adapters/') ? await gzippedBytes(file, DEPENDENCIES, [storeOutside]) : null,
      budget: BUDGETS[/** @type {keyof BUDGETS} */ (entry)],
      goal: GOALS[entry],
    });
  }
  if (!existsSync(BUNDLE.file)) throw new Error(`${BUNDLE.file} is missing: run \`npm run build\` first`);
  rows.push({
    entry: BUNDLE.entry,
    bytes: null,
    withDependencies: gzipSync(readFileSync(BUNDLE.file), { level: 9 }).length,
    own: null,
    budget: BUDGETS[BUNDLE.entry],
    goal: undefined,
  });
  return rows;
}

/** @param {SizeRow} row the size the budget bounds */
const bounded = (row) => row.bytes ?? row.withDependencies;

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await measureSizes();
  const bytes = (/** @type {number | null | undefined} */ n) => (n == null ? '—' : `${n} B`);
  console.log('| entry | gzipped, without lit/zustand | adds to `sse-kit/store` | budget (CI) | goal | with lit/zustand |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    console.log(`| \`${row.entry}\` | ${bytes(row.bytes)} | ${bytes(row.own)} | ${bytes(row.budget)} | ${bytes(row.goal)} | ${bytes(row.withDependencies)} |`);
  }
  const over = rows.filter((row) => bounded(row) > row.budget);
  if (process.argv.includes('--check') && over.length > 0) {
    for (const row of over) console.error(`size budget exceeded: ${row.entry} is ${bounded(row)} B, budget ${row.budget} B`);
    process.exit(1);
  }
}
