import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/**
 * sse-kit from source as one ES module file (Lit, zustand and the lazily loaded fetch transport inlined),
 * for pages that nginx serves as static files or a test server serves as is. From `src/`, so the pages run
 * the code under test even before `npm run build`.
 * @param {string} outfile
 */
export async function bundleSseKit(outfile) {
  await build({
    entryPoints: [fileURLToPath(new URL('../../src/index.ts', import.meta.url))],
    outfile,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    logLevel: 'warning',
  });
  return outfile;
}
