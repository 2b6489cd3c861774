import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPrismaClient, ensureDatabase, migrateDatabase, seedDatabase } from '@vivier/db';

/** Set once the run has its database: the integration and e2e projects share this setup. */
const RUN_DATABASE = 'VIVIER_TEST_RUN_DATABASE';

/**
 * A fresh database per test run, migrated once (migrating per file would cost seconds each),
 * dropped at the end. The server comes from TEST_DATABASE_URL / DATABASE_URL, else the local
 * PostgreSQL on its default port. The unit project has no global setup: it needs no database.
 */
export default async function setup() {
  // Both infrastructure projects (vitest.config.ts) name this file; in one run the second reuses
  // the first one's database, which the first one's teardown drops after every project ran.
  if (process.env[RUN_DATABASE]) return;
  const server = new URL(
    process.env.TEST_DATABASE_URL ??
      process.env.DATABASE_URL ??
      'postgresql://postgres@127.0.0.1:5432/postgres',
  );
  const name = `vivier_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const url = new URL(server);
  url.pathname = `/${name}`;
  await ensureDatabase(url.toString());
  await migrateDatabase(url.toString());
  // The plans every deployment starts with (billing needs its default plan); no admin.
  const prisma = createPrismaClient(url.toString());
  await seedDatabase(prisma);
  await prisma.$disconnect();
  process.env.DATABASE_URL = url.toString();
  process.env[RUN_DATABASE] = name;
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';

  return async () => {
    const maintenance = new URL(server);
    maintenance.pathname = '/postgres';
    const client = new pg.Client({ connectionString: maintenance.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
    delete process.env[RUN_DATABASE];
  };
}
