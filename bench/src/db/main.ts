// The database suite (issue 12): search at scale. See bench/README.md.
import { parseArgs } from 'node:util';
import { createPrismaClient, ensureDatabase, migrateDatabase } from '@vivier/db';
import { SCALES, type Scale } from './scales';
import { seedOnce } from './seed';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '10m' },
    smoke: { type: 'boolean', default: false },
    database: { type: 'string' },
    'seed-only': { type: 'boolean', default: false },
  },
});

const scale: Scale | undefined = values.smoke ? SCALES.smoke : SCALES[values.scale as Scale['name']];
if (!scale) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
const server = new URL(
  process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
);
const databaseUrl = new URL(server);
databaseUrl.pathname = `/${values.database ?? (scale.name === '10m' ? 'vivier_bench_search' : `vivier_bench_search_${scale.name}`)}`;

const log = (line: string) => console.log(line);
await ensureDatabase(databaseUrl.toString());
const migrated = await migrateDatabase(databaseUrl.toString());
if (migrated.applied.length) log(`migrations applied: ${migrated.applied.join(', ')}`);
const db = createPrismaClient(databaseUrl.toString());
try {
  const seeded = await seedOnce(db, scale, log);
  log(seeded ? 'seeded' : `already seeded at ${scale.name}`);
} finally {
  await db.$disconnect();
}
