import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase, migrateDatabase } from '@vivier/db';

/**
 * A migrated database of a test file's own, for tests whose rules span the whole deployment (the
 * sign-up policy row, "no admin yet", "the last admin"): no other file registers under them.
 * `use()` points DATABASE_URL at it until `drop()`.
 */
export function ownTestDatabase(label: string) {
  const sharedDatabaseUrl = process.env.DATABASE_URL!;
  const url = new URL(sharedDatabaseUrl);
  url.pathname = `/vivier_${label}_${randomBytes(4).toString('hex')}`;
  const ownUrl = url.toString();
  return {
    url: ownUrl,
    async use(): Promise<void> {
      await ensureDatabase(ownUrl);
      await migrateDatabase(ownUrl);
      process.env.DATABASE_URL = ownUrl;
    },
    async drop(): Promise<void> {
      process.env.DATABASE_URL = sharedDatabaseUrl;
      await dropDatabase(ownUrl);
    },
  };
}
