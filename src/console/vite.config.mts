import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

/**
 * The staff console. `npm run build:console` writes dist/console, which the server serves at
 * /console/ (src/http/static.ts); `npm run dev:console` serves it with hot reload and passes /api
 * to the server on CONSOLE_API (default http://localhost:3000).
 */
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/console/',
  plugins: [vue()],
  build: {
    outDir: here('../../dist/console'),
    emptyOutDir: true,
    // Element Plus alone is ~600 kB minified; the dashboard's charts load only with the dashboard.
    chunkSizeWarningLimit: 1000,
  },
  server: {
    proxy: { '/api': process.env.CONSOLE_API ?? 'http://localhost:3000' },
  },
});
