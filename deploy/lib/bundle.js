import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * sse-kit from source as one ES module file (Lit, zustand and the lazily loaded fetch transport inlined),
 * for pages that nginx serves as static files or a test server serves as is. From `src/`, so the pages run
 * the code under test even before `npm run build`. It also exports `fetchTransport`, so a page can give a
 * store the fetch transport under both names (`createSseStore({ transports: { eventsource: fetchTransport } })`)
 * and every element on that store streams with fetch.
 * @param {string} outfile
 */
export async function bundleSseKit(outfile) {
  await build({
    stdin: {
      contents: "export * from './src/index.ts';\nexport { fetchTransport } from './src/store/transports/fetch.ts';\n",
      resolveDir: root,
      loader: 'ts',
      sourcefile: 'sse-kit-page-bundle.ts',
    },
    outfile,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    logLevel: 'warning',
  });
  return outfile;
}
