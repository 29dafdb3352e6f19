import swc from 'unplugin-swc';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'vitest/config';

const require = createRequire(__filename);

// esbuild (vitest's default transform) emits no decorator metadata, which
// type-graphql needs to read field types; swc does.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    // graphql ships ESM and CJS builds; type-graphql and Apollo load the CJS
    // one, so the tests must too, or schema objects come from two "realms".
    // Deep imports (graphql/execution/values) too: an ESM copy of one would refuse the CJS schema's types.
    alias: [
      { find: /^graphql$/, replacement: require.resolve('graphql') },
      { find: /^graphql\/(.+?)(\.js)?$/, replacement: join(dirname(require.resolve('graphql')), '$1.js') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time: most tests wait on servers, timers and child processes rather than the CPU,
    // and vitest's default (cores - 1) runs them one by one on a 2-core machine.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // The files of a fork share its loaded modules instead of loading Apollo, type-graphql, the SDK... again for each:
    // collecting took 142 s of CPU a run, 14 s this way (the whole run 438 -> 391 s). So a test file must leave no
    // global behind: restore spies and timers, mock no module (inject the dependency instead), keep process.env as it was.
    isolate: false,
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
  },
});
