// What sse-kit adds to a page, in gzipped bytes: each public entry bundled and minified with esbuild
// (as an app's bundler would), with lit and zustand left out (the app has them once, whoever uses them)
// and with them in. `--check` fails when an entry is over its budget; the numbers are deterministic,
// so CI checks them. Reads dist/: run `npm run build` first.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/**
 * Gzipped-byte budgets, without lit and zustand: today's sizes rounded up, so they can only shrink.
 * The goals (issue 4) are lower, and the README says how far off they are.
 */
export const BUDGETS = { 'sse-kit/store': 2600, 'sse-kit': 6250 };
export const GOALS = { 'sse-kit/store': 1500, 'sse-kit': 5000 };
const ENTRIES = { 'sse-kit/store': 'dist/store/index.js', 'sse-kit': 'dist/index.js' };
const DEPENDENCIES = ['lit', 'lit/*', '@lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*', 'zustand', 'zustand/*'];

async function gzippedBytes(entry, external) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    external,
    logLevel: 'silent',
  });
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
}

/** @returns {Promise<Array<{ entry: string, bytes: number, withDependencies: number, budget: number, goal: number }>>} */
export async function measureSizes() {
  const rows = [];
  for (const [entry, file] of Object.entries(ENTRIES)) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
    rows.push({
      entry,
      bytes: await gzippedBytes(file, DEPENDENCIES),
      withDependencies: await gzippedBytes(file, []),
      budget: BUDGETS[entry],
      goal: GOALS[entry],
    });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await measureSizes();
  console.log('| entry | gzipped, without lit/zustand | budget (CI) | goal | with lit/zustand |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    console.log(`| \`${row.entry}\` | ${row.bytes} B | ${row.budget} B | ${row.goal} B | ${row.withDependencies} B |`);
  }
  const over = rows.filter((row) => row.bytes > row.budget);
  if (process.argv.includes('--check') && over.length > 0) {
    for (const row of over) console.error(`size budget exceeded: ${row.entry} is ${row.bytes} B, budget ${row.budget} B`);
    process.exit(1);
  }
}
