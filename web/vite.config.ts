/**
 * Builds the two pages rmlens serves: the playground (`index.html`, at `/`) and the dashboard
 * (`dashboard.html`, at `/dashboard`). Everything they load, Monaco's workers included, comes
 * from this bundle: the server never points a browser at a CDN.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  // Absolute asset URLs: the dashboard's deep links (`/dashboard/neuron/...`) load the same bundle.
  base: '/',
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    // Monaco alone is several MB; the pages are served from localhost, not a phone network.
    chunkSizeWarningLimit: 8000,
    rollupOptions: {
      input: { playground: here('index.html'), dashboard: here('dashboard.html') },
      // GraphiQL's dependencies mark modules "use client" (a React Server Components hint): meaningless in a browser bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  // The dev server proxies the API so `vite` in web/ works against a running `rmlens serve`.
  server: { proxy: { '/graphql': 'http://127.0.0.1:4000' } },
});
