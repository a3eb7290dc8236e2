import { defineConfig } from 'vite';
import { sseServerPlugin } from './server/index.js';

// The dependencies stay imports in dist: bundling them would give a page two copies of Lit.
const external = [/^lit($|\/)/, /^@lit\//, /^@lit-labs\//, /^zustand($|\/)/, /^eventsource-parser($|\/)/];

export default defineConfig(({ command }) =>
  command === 'serve'
    ? {
        // `npm start`: the demo page, with the SSE endpoints served by the same process.
        root: 'demo',
        plugins: [sseServerPlugin()],
        server: { host: '127.0.0.1', port: 5173 },
        preview: { host: '127.0.0.1' },
      }
    : {
        build: {
          outDir: 'dist',
          emptyOutDir: true,
          sourcemap: true,
          minify: false,
          target: 'es2022',
          lib: {
            entry: { index: 'src/index.ts', 'store/index': 'src/store/index.ts' },
            formats: ['es'],
          },
          rolldownOptions: {
            external,
            // One file per source module: dist mirrors src, so `sideEffects` can name the registering modules.
            output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
          },
        },
      },
);
