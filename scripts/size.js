// What sse-kit adds to a page, in gzipped bytes: each public entry bundled and minified with esbuild
// (as an app's bundler would, code splitting on), with lit and zustand left out (the app has them once,
// whoever uses them) and with them in. What an entry loads at once counts; what it imports dynamically
// (the fetch transport and its parser) is a lazy chunk, reported beside it. `--check` fails when an
// entry is over its budget; the numbers are deterministic, so CI checks them. Reads dist/: run
// `npm run build` first.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Gzipped-byte budgets, without lit and zustand: today's sizes rounded up, so they can only shrink.
 * (+100 B for the engines' fixes of issue 14: Firefox's wait past connectTimeout, the status clock.)
 * The goals (issue 4) are lower, and the README says how far off they are.
 */
export const BUDGETS = { 'sse-kit/store': 3800, 'sse-kit': 8350 };
export const GOALS = { 'sse-kit/store': 1500, 'sse-kit': 5000 };
const ENTRIES = { 'sse-kit/store': 'dist/store/index.js', 'sse-kit': 'dist/index.js' };
const DEPENDENCIES = ['lit', 'lit/*', '@lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*', 'zustand', 'zustand/*'];

/**
 * Gzipped bytes of what `entry` loads at once (the entry and the chunks it imports statically) and of
 * what it loads on demand (the chunks reached only through `import()`).
 */
async function gzippedBytes(entry, external) {
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
    external,
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const gzipped = new Map(result.outputFiles.map((file) => [relative(process.cwd(), file.path), gzipSync(file.contents, { level: 9 }).length]));
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
  return { eager: sum(eager), lazy: sum([...everything].filter((path) => !eager.has(path))) };
}

/** @returns {Promise<Array<{ entry: string, bytes: number, lazy: number, withDependencies: number, budget: number, goal: number }>>} */
export async function measureSizes() {
  const rows = [];
  for (const [entry, file] of Object.entries(ENTRIES)) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
    const alone = await gzippedBytes(file, DEPENDENCIES);
    rows.push({
      entry,
      bytes: alone.eager,
      lazy: alone.lazy,
      withDependencies: (await gzippedBytes(file, [])).eager,
      budget: BUDGETS[entry],
      goal: GOALS[entry],
    });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await measureSizes();
  console.log('| entry | gzipped, without lit/zustand | budget (CI) | goal | with lit/zustand | loaded on demand (fetch transport) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    console.log(`| \`${row.entry}\` | ${row.bytes} B | ${row.budget} B | ${row.goal} B | ${row.withDependencies} B | ${row.lazy} B |`);
  }
  const over = rows.filter((row) => row.bytes > row.budget);
  if (process.argv.includes('--check') && over.length > 0) {
    for (const row of over) console.error(`size budget exceeded: ${row.entry} is ${row.bytes} B, budget ${row.budget} B`);
    process.exit(1);
  }
}
