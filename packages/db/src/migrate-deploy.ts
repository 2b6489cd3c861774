// `pnpm --filter @vivier/db migrate:deploy`: the production migration step. Creates the database
// if it is missing (Prisma's JS schema engine will not), then runs the real
// `prisma migrate deploy`, showing its output.
import { databaseEnv, loadEnvOrExit } from '@vivier/config';
import { z } from 'zod';
import { ensureDatabase } from './database';
import { migrateDatabaseWithPrismaCli } from './migrate';

const env = loadEnvOrExit(z.object(databaseEnv));
const { created } = await ensureDatabase(env.DATABASE_URL);
if (created) process.stdout.write('Created the database\n');
try {
  await migrateDatabaseWithPrismaCli(env.DATABASE_URL, { onOutput: (chunk) => process.stdout.write(chunk) });
} catch (error) {
  // The CLI's own output (already shown) says why; this line says that it failed.
  process.stderr.write(`${(error as Error).message.split('\n')[0]}\n`);
  process.exitCode = 1;
}
