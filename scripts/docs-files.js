// The docs, for the scripts that check them (scripts/docs-figures.js, scripts/check-docs.js): the README,
// the contributor guide, and every guide in docs/, whoever added it.
import { existsSync, readdirSync } from 'node:fs';

/** Paths relative to the repository root, README first, then CONTRIBUTING and docs/*.md by name. */
export function docFiles() {
  const guides = existsSync('docs') ? readdirSync('docs').filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`) : [];
  return ['README.md', 'CONTRIBUTING.md', ...guides].filter((path) => existsSync(path));
}
