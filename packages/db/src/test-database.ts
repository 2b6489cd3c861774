// Test-only helper (not exported from the package): a throwaway, migrated database per test file.
import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from './database';
import { migrateDatabase } from './migrate';

const SERVER_URL =
  process.env.TEST_DATABASE_URL ??
  process.env.DATABASE_URL ??
  'postgresql://postgres@127.0.0.1:5432/postgres';

export type TestDatabase = { url: string; drop: () => Promise<void> };

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const url = new URL(SERVER_URL);
  url.pathname = `/vivier_db_test_${randomBytes(6).toString('hex')}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  if (options.migrate ?? true) await migrateDatabase(databaseUrl);
  return { url: databaseUrl, drop: () => dropDatabase(databaseUrl) };
}
