import { defineConfig } from 'vitest/config';

/**
 * One vitest run for every package and app. The global setup gives the run a fresh, migrated
 * PostgreSQL database; Redis keys are prefixed per test file (see @vivier/testkit).
 */
export default defineConfig({
  test: {
    include: ['{apps,packages}/*/src/**/*.test.ts', 'e2e/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/.next/**'],
    globalSetup: ['tooling/vitest/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
