// Test-only helper (not exported from the package): a throwaway, migrated database per test file.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createPrismaClient } from './client';
import { dropDatabase, ensureDatabase } from './database';
import type { PrismaClient } from './generated/prisma/client';
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

/**
 * A migrated test database and a client on it for the calling test file: made before its tests,
 * dropped after them. Read `client` inside tests (it exists from `beforeAll` on).
 */
export function useTestPrisma(): { readonly client: PrismaClient } {
  const handle = {} as { client: PrismaClient };
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    handle.client = createPrismaClient(database.url);
  });
  afterAll(async () => {
    await handle.client?.$disconnect();
    await database?.drop();
  });
  return handle;
}
