// Loads a module of src/ in Node, compiled from its TypeScript on the spot (esbuild, bundled, into a temp dir),
// so a Node test of pure logic needs no build and runs the source the browsers run.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** @param {string} path a module's path from the repository's root, e.g. `src/store/phases.ts` */
export async function loadSource(path) {
  const dir = mkdtempSync(join(tmpdir(), 'sse-kit-source-'));
  try {
    const outfile = join(dir, 'module.mjs');
    await build({ entryPoints: [path], bundle: true, format: 'esm', platform: 'neutral', outfile, logLevel: 'silent' });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
