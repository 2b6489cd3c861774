import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'db',
    include: ['src/**/*.test.ts'],
    // Real PostgreSQL: creating, migrating and dropping a database takes seconds, not millis.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
