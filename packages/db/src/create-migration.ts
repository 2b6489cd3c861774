// `pnpm --filter @vivier/db migrate:new <name>`: writes prisma/migrations/<timestamp>_<name>/
// from the difference between the migration history and schema.prisma.
//
// Why not `prisma migrate dev --create-only`: with Prisma 6.19.3's wasm schema engine it writes
// the file but then crashes ("null pointer passed to rust"), and on a database that still has
// pending migrations it fails earlier ("PostgreSQL shadow DB must be provided through an
// external factory"). `migrate diff --from-migrations` replays the history in a throwaway shadow
// database (created on DATABASE_URL's server) and works reliably. It touches no other database.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadEnvOrExit } from '@vivier/config';
import { z } from 'zod';
import { DB_PACKAGE_DIR } from './migrate';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  process.stderr.write('Usage: pnpm --filter @vivier/db migrate:new <snake_case_name>\n');
  process.exit(1);
}

// Only the server matters: the shadow database is created on it and dropped again.
const env = loadEnvOrExit(
  z.object({ DATABASE_URL: z.string().default('postgresql://postgres@127.0.0.1:5432/postgres') }),
);
const cli = createRequire(import.meta.url).resolve('prisma/build/index.js');
const { stdout } = await promisify(execFile)(
  process.execPath,
  [
    cli,
    'migrate',
    'diff',
    '--from-migrations',
    'prisma/migrations',
    '--to-schema-datamodel',
    'prisma/schema.prisma',
    '--script',
  ],
  {
    cwd: DB_PACKAGE_DIR,
    env: {
      ...process.env,
      DATABASE_URL: env.DATABASE_URL,
      CHECKPOINT_DISABLE: '1',
    },
    maxBuffer: 16 * 1024 * 1024,
  },
);

if (stdout.includes('This is an empty migration.')) {
  process.stdout.write('schema.prisma matches the migrations: nothing to write\n');
} else {
  const timestamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const directory = path.join(DB_PACKAGE_DIR, 'prisma', 'migrations', `${timestamp}_${name}`);
  await mkdir(directory, { recursive: true });
  await writeFile(path.join(directory, 'migration.sql'), stdout);
  process.stdout.write(
    `Wrote ${path.relative(DB_PACKAGE_DIR, directory)}/migration.sql — review it before committing\n`,
  );
}
