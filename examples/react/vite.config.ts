import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { sseServerPlugin } from '../../server/index.js';

// `npm run build` first (the example imports the built sse-kit), then `npx vite examples/react`: the
// project's SSE endpoints are served by the same dev server.
export default defineConfig({ base: './', plugins: [react(), sseServerPlugin()] });
