import { defineConfig } from 'vitest/config';

/** Unit tests of the web app's pure modules (no browser, no services): `pnpm exec vitest run`. */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
