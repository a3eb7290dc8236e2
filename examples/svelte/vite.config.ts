import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { sseServerPlugin } from '../../server/index.js';

// `npm run build` first (the example imports the built sse-kit), then `npx vite examples/svelte`: the
// project's SSE endpoints are served by the same dev server.
export default defineConfig({ base: './', plugins: [svelte(), sseServerPlugin()] });
