// `npm run build` writes dist/custom-elements.json for IDEs, Storybook and docs tools.

/**
 * The analyzer also guesses members and events from code (`internals.role = …`, `new SseErrorEvent(…)`);
 * the documented ones are the public API, so keep only entries that carry a description.
 */
const documentedOnly = {
  name: 'sse-kit:documented-only',
  /** @param {{ customElementsManifest: { modules: Array<{ declarations?: Array<Record<string, unknown>> }> } }} context */
  packageLinkPhase({ customElementsManifest }) {
    for (const module of customElementsManifest.modules) {
      for (const declaration of module.declarations ?? []) {
        for (const field of ['members', 'events']) {
          const list = declaration[field];
          if (Array.isArray(list)) declaration[field] = list.filter((entry) => entry.description);
        }
      }
    }
  },
};

export default {
  globs: ['src/**/*.ts'],
  // The adapters define no elements; their hooks and stores are documented in the README.
  exclude: ['src/**/*.styles.ts', 'src/**/define.ts', 'src/adapters/**'],
  outdir: 'dist',
  litelement: true,
  plugins: [documentedOnly],
};
