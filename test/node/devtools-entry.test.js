// `sse-kit/devtools` as a bundler sees the built package: an entry of its own, which `sse-kit` never reaches,
// and whose import a bundler keeps (package.json's `sideEffects` names its registering modules). Needs
// `npm run build` (npm test runs it first).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build } from 'esbuild';

/**
 * What esbuild bundles for `source` (an app's entry), with the package's dependencies left out.
 * @param {string} source
 */
async function bundle(source) {
  const result = await build({
    stdin: { contents: source, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    format: 'esm',
    write: false,
    metafile: true,
    minify: false,
    // The package as published: its `exports`, not tsconfig.json's paths to the source.
    tsconfigRaw: {},
    external: ['lit', 'lit/*', '@lit/*', 'zustand', 'zustand/*', 'eventsource-parser'],
    logLevel: 'silent',
  });
  return { inputs: Object.keys(result.metafile.inputs), code: result.outputFiles[0].text };
}

test("`import 'sse-kit'` bundles nothing of the devtools", async () => {
  const { inputs } = await bundle("import 'sse-kit';");
  assert.ok(inputs.some((path) => path.includes('dist/elements/sse-feed/')), `the elements are there: ${inputs.length} inputs`);
  assert.deepEqual(inputs.filter((path) => path.includes('/devtools/')), []);
});

test("`import 'sse-kit/devtools'` keeps its registration, with nothing else of the elements", async () => {
  const { inputs, code } = await bundle("import 'sse-kit/devtools';");
  assert.match(code, /define\("sse-devtools", SseDevtools\)/);
  assert.deepEqual(inputs.filter((path) => /dist\/elements\/sse-(feed|status|text|source)\//.test(path)), []);
});
