import { defineConfig, type UserConfig } from 'vite';
import { sseServerPlugin } from './server/index.js';

// The dependencies stay imports in dist: bundling them would give a page two copies of Lit. The frameworks
// are the app's, reached only by the adapters.
const external = [
  /^lit($|\/)/,
  /^@lit\//,
  /^@lit-labs\//,
  /^zustand($|\/)/,
  /^eventsource-parser($|\/)/,
  /^react($|\/)/,
  /^react-dom($|\/)/,
  /^vue($|\/)/,
  /^svelte($|\/)/,
];

export default defineConfig(({ command, mode }): UserConfig => {
  if (command === 'serve') {
    return {
      // `npm start`: the demo page, with the SSE endpoints served by the same process.
      root: 'demo',
      plugins: [sseServerPlugin()],
      server: { host: '127.0.0.1', port: 5173 },
      preview: { host: '127.0.0.1' },
    };
  }
  if (mode === 'bundle') {
    // `sse-kit/bundle`: one file for a page with no build step, lit and zustand inside. The lazy imports
    // elsewhere (the fetch transport, the cross-tab code, `persist`) are inlined: a CDN copy of one file cannot
    // lose a sibling chunk; together they cost about 6 KB gzipped that a page using none of them never runs.
    return {
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        sourcemap: true,
        minify: true,
        target: 'es2022',
        lib: { entry: { 'sse-kit.bundle': 'src/index.ts' }, formats: ['es'] },
        rolldownOptions: { output: { entryFileNames: '[name].js', codeSplitting: false, minify: true } },
      },
    };
  }
  return {
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      sourcemap: true,
      minify: false,
      target: 'es2022',
      lib: {
        entry: {
          index: 'src/index.ts',
          'store/index': 'src/store/index.ts',
          'adapters/react': 'src/adapters/react.ts',
          'adapters/vue': 'src/adapters/vue.ts',
          'adapters/svelte': 'src/adapters/svelte.ts',
          'eventsource/index': 'src/eventsource/index.ts',
          // The inspector: an entry of its own, which `sse-kit` never imports.
          'devtools/index': 'src/devtools/index.ts',
        },
        formats: ['es'],
      },
      rolldownOptions: {
        external,
        // One file per source module: dist mirrors src, so `sideEffects` can name the registering modules.
        output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
      },
    },
  };
});
