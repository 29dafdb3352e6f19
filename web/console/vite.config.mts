import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The web console (index.html) and the offline GraphiQL (graphiql.html), one
 * build, into dist/console, which the gateway serves at /console (and
 * graphiql.html at GET /graphql for browsers): src/server/console.ts.
 * Everything is bundled, monaco's editor workers included: no CDN, no fonts
 * from elsewhere.
 */
export default defineConfig({
  root: here('.'),
  base: '/console/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: here('../../dist/console'),
    emptyOutDir: true,
    // The console is small; GraphiQL's monaco is what it is.
    chunkSizeWarningLimit: 6000,
    reportCompressedSize: false,
    rollupOptions: {
      input: { console: here('index.html'), graphiql: here('graphiql.html') },
      onwarn(warning, warn) {
        // @graphiql/react marks modules "use no memo" (for the React compiler); bundling drops it, harmlessly.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  worker: { format: 'es' },
});
