// Docs that cannot lie: every TypeScript and JavaScript code block of README.md, CONTRIBUTING.md and
// docs/*.md (```ts, ```tsx, ```js, ```javascript, ```jsx; the inline module scripts of ```html blocks and
// the <script> of ```vue and ```svelte components)
// is written as a module of its own into a scratch directory and type-checked with `tsc --noEmit` against
// the built package: `sse-kit` and its subpaths resolve to dist/*.d.ts through the package's own `exports`,
// so an API renamed in src/ breaks the build until the docs follow. A block that is deliberately a piece
// of something larger says so with `<!-- fragment -->` on the line before its fence, and is skipped.
// Errors are reported at the doc's own line. Links between the docs, and to files of the repository, are
// checked too: the file must exist, and an anchor must be one of its headings. A step of `npm test`, after the build.
// Usage: node scripts/check-docs.js [--keep]   (--keep leaves the scratch directory for a look)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { docFiles } from './docs-files.js';

const root = resolve('.');
/** Inside the repository, so `lit`, `react`'s types and the rest resolve from its node_modules. */
const scratch = join(root, '.docs-check');
const FRAGMENT = '<!-- fragment -->';
/** Fence languages that are code to check, and the extension their file gets. */
const CHECKED = { ts: 'ts', typescript: 'ts', tsx: 'tsx', js: 'js', javascript: 'js', mjs: 'js', jsx: 'jsx' };

/**
 * @typedef {object} Block a code block of a doc, as a file to check
 * @property {string} doc the doc's path
 * @property {number} line the doc's line of the block's first line of code (1-based)
 * @property {string} kind what the block is: its fence language, or `html script`
 * @property {string} extension
 * @property {string} code
 */

/**
 * The fenced blocks of a doc: the checked ones, and counts of the fragments and of blocks in languages
 * that are not code to check (css, sh, vue, …).
 * @param {string} doc
 */
function blocksOf(doc) {
  const lines = readFileSync(doc, 'utf8').split('\n');
  /** @type {Block[]} */
  const blocks = [];
  /** @type {string[]} */
  const fragments = [];
  /** @type {string[]} */
  const other = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, language] = open;
    let end = i + 1;
    while (end < lines.length && !lines[end].trimStart().startsWith(fence)) end++;
    const body = lines.slice(i + 1, end).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line));
    let before = i - 1;
    while (before >= 0 && lines[before].trim() === '') before--;
    const fragment = before >= 0 && lines[before].trim() === FRAGMENT;
    const lang = language.toLowerCase();
    const where = `${doc}:${i + 1}`;
    if (fragment && (lang in CHECKED || lang === 'html')) fragments.push(where);
    else if (lang in CHECKED) {
      blocks.push({ doc, line: i + 2, kind: lang, extension: CHECKED[/** @type {keyof typeof CHECKED} */ (lang)], code: body.join('\n') });
    } else if (lang === 'html' || lang === 'vue' || lang === 'svelte') {
      // The scripts in the markup: a page's inline module scripts, a component's <script> (`lang="ts"` as
      // TypeScript). A script with a src has nothing inline to check; templates are not checked here (the
      // examples' apps are, by their frameworks' own checkers).
      const markup = body.join('\n');
      for (const script of markup.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
        const [whole, attributes, code] = script;
        if ((lang === 'html' && !/type=["']?module/.test(attributes)) || code.trim() === '') continue;
        const offset = markup.slice(0, /** @type {number} */ (script.index) + whole.indexOf('>') + 1).split('\n').length - 1;
        const typescript = /lang=["']?ts/.test(attributes);
        blocks.push({ doc, line: i + 2 + offset, kind: `${lang} script`, extension: `${lang === 'vue' ? 'vue.' : ''}${typescript ? 'ts' : 'js'}`, code });
      }
    } else other.push(lang || 'plain');
    i = end;
  }
  return { blocks, fragments, other };
}

/** tsconfig `paths` for the package's own name, from its `exports`: each subpath to its built types. */
function packagePaths() {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
  /** @type {Record<string, string[]>} */
  const paths = {};
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (typeof target !== 'object' || !target.types) continue;
    const types = join(root, target.types);
    if (!existsSync(types)) throw new Error(`${target.types} is missing: run \`npm run build\` first`);
    paths[subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`] = [types];
  }
  return paths;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const slug = (/** @type {string} */ heading) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

/** The anchors of a Markdown file: its headings' slugs (fenced code skipped). */
function anchorsOf(/** @type {string} */ path) {
  const anchors = new Set();
  let fenced = false;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (/^\s*(`{3,}|~{3,})/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) anchors.add(slug(heading[1].trim()));
  }
  return anchors;
}

/**
 * Links between the docs, and to the repository's files, that lead nowhere: a file that is not there, or an
 * anchor no heading of the target has. Links to the web are not followed.
 * @param {string[]} docs
 */
function brokenLinks(docs) {
  /** @type {string[]} */
  const broken = [];
  let checked = 0;
  for (const doc of docs) {
    let fenced = false;
    for (const [n, line] of readFileSync(doc, 'utf8').split('\n').entries()) {
      if (/^\s*(`{3,}|~{3,})/.test(line)) fenced = !fenced;
      if (fenced) continue;
      // Links outside code spans: `[text](target)`.
      for (const [, target] of line.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target)) continue;
        checked++;
        const [file, anchor] = target.split('#');
        const path = file ? join(dirname(doc), file) : doc;
        if (!existsSync(path)) broken.push(`${doc}:${n + 1}: ${target}: no such file`);
        else if (anchor && path.endsWith('.md') && !anchorsOf(path).has(anchor)) broken.push(`${doc}:${n + 1}: ${target}: no heading with that anchor`);
      }
    }
  }
  return { broken, checked };
}

const docs = docFiles();
const found = docs.map(blocksOf);
const blocks = found.flatMap((f) => f.blocks);
const fragments = found.flatMap((f) => f.fragments);
const other = found.flatMap((f) => f.other);

rmSync(scratch, { recursive: true, force: true });
mkdirSync(scratch, { recursive: true });
/** @type {Map<string, Block>} */
const byFile = new Map();
for (const [n, block] of blocks.entries()) {
  const file = `${String(n).padStart(3, '0')}-${block.doc.replace(/[/.]/g, '_')}-${block.line}.${block.extension}`;
  writeFileSync(join(scratch, file), `${block.code}\n`);
  byFile.set(file, block);
}
// `<script setup>`'s compiler macros, which vue-tsc declares: typed as Vue exports them.
writeFileSync(join(scratch, 'vue-macros.d.ts'), "declare global {\n  const defineProps: typeof import('vue').defineProps;\n  const defineEmits: typeof import('vue').defineEmits;\n}\nexport {};\n");

/**
 * Two projects: TypeScript blocks are checked strictly, as the project checks itself; JavaScript blocks
 * (and pages' scripts) as a JavaScript editor with type checking does, without strict null checks or
 * implicit-any errors, so `document.querySelector('sse-feed').max = 3` passes while a renamed property or a
 * wrong argument still fails.
 */
const projects = [
  { name: 'tsconfig.ts.json', strict: true, files: ['vue-macros.d.ts', ...[...byFile.keys()].filter((file) => /\.tsx?$/.test(file))] },
  { name: 'tsconfig.js.json', strict: false, files: [...byFile.keys()].filter((file) => /\.jsx?$/.test(file)) },
].filter((project) => project.files.length > 0);
const paths = packagePaths();
let output = '';
let failed = false;
for (const project of projects) {
  writeFileSync(
    join(scratch, project.name),
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          strict: project.strict,
          allowJs: true,
          checkJs: true,
          jsx: 'react-jsx',
          noEmit: true,
          skipLibCheck: true,
          // A block without imports is still a module of its own: two blocks never share top-level names.
          moduleDetection: 'force',
          types: [],
          paths,
        },
        files: project.files,
      },
      null,
      2,
    ),
  );
  try {
    execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(scratch, project.name), '--pretty', 'false'], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = /** @type {{ stdout?: string, stderr?: string }} */ (error);
    output += `${stdout ?? ''}${stderr ?? ''}\n`;
    failed = true;
  }
}

// tsc's positions, as positions in the docs.
const errors = output
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => {
    const at = /^(?:.*[\\/])?([^\\/(]+)\((\d+),(\d+)\): (.*)$/.exec(line);
    const block = at && byFile.get(at[1]);
    return at && block ? `${block.doc}:${block.line + Number(at[2]) - 1}:${at[3]} (${block.kind} block): ${at[4]}` : line;
  });
if (!process.argv.includes('--keep')) rmSync(scratch, { recursive: true, force: true });

/** `3 ts, 1 tsx`: how many of each (Object.groupBy is Node 21's). */
const counted = (/** @type {string[]} */ names) => [...new Set(names)].map((name) => `${names.filter((n) => n === name).length} ${name}`).join(', ');
const kinds = counted(blocks.map((block) => block.kind));
const otherKinds = counted(other);
console.log(
  `docs code check: ${blocks.length} blocks type-checked against dist (${kinds}) from ${docs.length} docs; ` +
    `${fragments.length} marked ${FRAGMENT} skipped; ${other.length} in other languages not checked (${otherKinds})`,
);
if (fragments.length) console.log(`fragments: ${fragments.join(', ')}`);
const links = brokenLinks(docs);
console.log(`docs links: ${links.checked} links to files and headings checked${links.broken.length ? `, ${links.broken.length} broken` : ''}`);
for (const link of links.broken) console.error(link);
if (links.broken.length) process.exitCode = 1;
if (failed) {
  for (const error of errors) console.error(error);
  console.error(`docs code check: ${errors.length} error(s); fix the doc, or mark a deliberate fragment with ${FRAGMENT} on the line before its fence`);
  process.exit(1);
}
