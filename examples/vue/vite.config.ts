import vue from '@vitejs/plugin-vue';
import { isCustomElement } from 'sse-kit/vue';
import { defineConfig } from 'vite';
import { sseServerPlugin } from '../../server/index.js';

// `npm run build` first (the example imports the built sse-kit), then `npx vite examples/vue`: the
// project's SSE endpoints are served by the same dev server.
export default defineConfig({
  base: './',
  // Without isCustomElement, Vue warns "Failed to resolve component: sse-feed" and treats the tags as components.
  plugins: [vue({ template: { compilerOptions: { isCustomElement } } }), sseServerPlugin()],
});
