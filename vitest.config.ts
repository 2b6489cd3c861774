import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Workspace packages export their TypeScript under the `source` condition (and compiled
 * JavaScript by default, which services run in production): tests always run the source.
 */
export const sourceConditions = {
  resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
  ssr: { resolve: { conditions: ['source', 'node', 'development|production'] } },
};

/**
 * Every package's and app's tests in three layers, told apart by file name (CONTRIBUTING.md):
 * - unit: `*.test.ts`, pure, no PostgreSQL or Redis, seconds (`pnpm test:unit`, which runs them in
 *   one thread without a fresh module registry per file: zod, the SDKs and the contracts load once
 *   instead of once per file, about a quarter of the CPU. A unit test leaves no global state behind.
 *   The flags are on the command line because a project's own pool settings were not applied);
 * - integration: `*.int.test.ts`, on real PostgreSQL and Redis (`pnpm test:integration`);
 * - e2e: `*.e2e.test.ts` and everything in e2e/, over real processes (`pnpm test:e2e`).
 * `vitest run` (what `npm test` runs) runs the three projects, each file once. The global setup
 * of the two layers on infrastructure gives the run one fresh, migrated PostgreSQL database;
 * Redis keys are prefixed per test file (see @vivier/testkit).
 */
const PACKAGES = '{apps,packages}/*/src/**';
const infrastructure = { globalSetup: ['tooling/vitest/global-setup.ts'] };

export default defineConfig({
  ...sourceConditions,
  test: {
    exclude: [...configDefaults.exclude, '**/.next/**'],
    pool: 'forks',
    // eventsource-parser (under the MCP SDK's client) publishes its TypeScript under the same
    // `source` condition as our packages; inlined, Vite compiles it instead of Node refusing `.ts`.
    server: { deps: { inline: [/@modelcontextprotocol\/sdk/, /eventsource-parser/] } },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [`${PACKAGES}/*.test.ts`, 'infra/**/*.test.ts', 'tooling/**/*.test.ts'],
          exclude: [...configDefaults.exclude, '**/.next/**', '**/*.int.test.ts', '**/*.e2e.test.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'integration', include: [`${PACKAGES}/*.int.test.ts`], ...infrastructure },
      },
      {
        extends: true,
        test: { name: 'e2e', include: [`${PACKAGES}/*.e2e.test.ts`, 'e2e/**/*.test.ts'], ...infrastructure },
      },
    ],
  },
});
