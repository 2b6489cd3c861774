import { defineConfig } from 'vitest/config';

// For running this package alone (`pnpm --filter @vivier/bus exec vitest run`); the root config
// runs it together with everything else. Only Redis is needed, so no database global setup.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
