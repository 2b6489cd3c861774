import { defineConfig } from 'vitest/config';

/**
 * One vitest run for every package and app. The global setup gives the run a fresh, migrated
 * PostgreSQL database; Redis keys are prefixed per test file (see @vivier/testkit).
 */
/**
 * Workspace packages export their TypeScript under the `source` condition (and compiled
 * JavaScript by default, which services run in production): tests always run the source.
 */
export const sourceConditions = {
  resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
  ssr: { resolve: { conditions: ['source', 'node', 'development|production'] } },
};

export default defineConfig({
  ...sourceConditions,
  test: {
    include: [
      '{apps,packages}/*/src/**/*.test.ts',
      'e2e/**/*.test.ts',
      'infra/**/*.test.ts',
      'tooling/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/.next/**'],
    globalSetup: ['tooling/vitest/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
