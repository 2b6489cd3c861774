import { defineConfig } from 'vitest/config';

/** Unit tests of the web app's pure modules (no browser, no services): `pnpm exec vitest run`. */
export default defineConfig({
  // Workspace packages' TypeScript (the `source` export condition), not their compiled output.
  resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
  ssr: { resolve: { conditions: ['source', 'node', 'development|production'] } },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
