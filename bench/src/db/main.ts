// The database suite (issue 12): search at scale, before and after, on one seeded database.
//   tsx bench/src/db/main.ts [--scale 1m|10m] [--smoke] [--database name] [--seed-only] [--out bench/results]
// See bench/README.md.
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createPrismaClient,
  dropDatabase,
  ensureDatabase,
  migrateDatabase,
  type PrismaClient,
} from '@vivier/db';
import { ROOT } from '../../../scripts/lib/stack';
import { measureArm, searchArm, type Budget } from './measure';
import { after, before, chatList } from './queries';
import { renderMarkdown, renderTable, type DbReport, type SearchCase } from './report';
import { HEAVY_USER_ID, SCALES, typicalUserId, word, type Scale } from './scales';
import { seedOnce } from './seed';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '10m' },
    smoke: { type: 'boolean', default: false },
    database: { type: 'string' },
    'seed-only': { type: 'boolean', default: false },
    out: { type: 'string', default: join(ROOT, 'bench', 'results') },
  },
});

const smoke = values.smoke;
const scale: Scale | undefined = smoke ? SCALES.smoke : SCALES[values.scale as Scale['name']];
if (!scale) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
const server = new URL(
  process.env.TEST_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgresql://postgres@127.0.0.1:5432/postgres',
);
// A seeded database is kept for the next run (seeding 10m takes a while); --smoke uses a fresh one.
const databaseName =
  values.database ??
  (smoke
    ? `vivier_bench_search_smoke_${Date.now()}_${process.pid}`
    : scale.name === '10m'
      ? 'vivier_bench_search'
      : `vivier_bench_search_${scale.name}`);
const databaseUrl = new URL(server);
databaseUrl.pathname = `/${databaseName}`;
// Word ranks of the Zipf-like vocabulary: the most frequent word, one in ~2 % of messages, one in ~0.02 %.
const WORDS = { common: word(1), mid: word(50), rare: word(Math.min(5_000, scale.vocabulary / 2)) };
const budget: Budget = smoke ? { warmup: 1, runs: 3, seconds: 1 } : { warmup: 5, runs: 300, seconds: 30 };

const log = (line: string) => console.log(line);
const startedAt = new Date();
const loadAverageAtStart = loadavg().map((value) => Math.round(value * 10) / 10);

await ensureDatabase(databaseUrl.toString());
const migrated = await migrateDatabase(databaseUrl.toString());
if (migrated.applied.length) log(`[bench] migrations applied: ${migrated.applied.join(', ')}`);
const db = createPrismaClient(databaseUrl.toString());
try {
  log(
    (await seedOnce(db, scale, log))
      ? '[bench] seeded'
      : `[bench] reusing ${databaseName}, seeded at ${scale.name}`,
  );
  if (!values['seed-only']) await run(db);
} finally {
  await db.$disconnect();
  if (smoke) await dropDatabase(databaseUrl.toString());
}
process.exit(0);

async function run(db: PrismaClient) {
  const users = [
    ['typical', typicalUserId(scale!)],
    ['heavy', HEAVY_USER_ID],
  ] as const;
  const search: SearchCase[] = [];
  for (const [user, userId] of users) {
    for (const [kind, text] of Object.entries(WORDS) as Array<[SearchCase['word'], string]>) {
      log(`[bench] ${user} user, ${kind} word ${text}…`);
      const row: SearchCase = {
        user,
        userId,
        word: kind,
        text,
        matches: await countMatches(db, userId, text),
        sameResults: await sameResults(db, userId, text),
        after: await measureArm(db, searchArm(after, userId, text), budget),
        before: await measureArm(db, searchArm(before, userId, text), budget),
      };
      search.push(row);
    }
  }
  const list = [];
  for (const [user, userId] of users) {
    list.push({ user, userId, result: await measureArm(db, (client) => chatList(client, userId), budget) });
  }
  const report: DbReport = {
    suite: 'db',
    scale: scale!,
    database: databaseName,
    rows: await countRows(db),
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    commit: execSync('git rev-parse HEAD', { cwd: ROOT }).toString().trim(),
    host: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      node: process.version,
      // The machine may be shared: its load says how much the absolute figures can be trusted.
      loadAverageAtStart,
      loadAverageAtEnd: loadavg().map((value) => Math.round(value * 10) / 10),
    },
    search,
    chatList: list,
  };
  console.log(`\n${renderTable(report)}`);
  if (!smoke) {
    mkdirSync(values.out, { recursive: true });
    const stamp = startedAt.toISOString().replace(/[:]/g, '-').replace(/\..*$/, '');
    const base = join(values.out, `${stamp}-db-${scale!.name}`);
    writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(`${base}.md`, renderMarkdown(report));
    log(`[bench] wrote ${base}.{json,md}`);
  }
}

/** Whether before and after find the same chats in the same order (the first page). */
async function sameResults(db: PrismaClient, userId: string, text: string): Promise<boolean> {
  const ids = (rows: unknown) => (rows as Array<{ id: string }>).map((row) => row.id).join(',');
  return ids(await before(db, userId, text)) === ids(await after(db, userId, text));
}

async function countMatches(db: PrismaClient, userId: string, text: string) {
  const [row] = await db.$queryRaw<Array<{ user: number; all: number }>>`
    SELECT count(*) FILTER (WHERE "userId" = ${userId})::int AS "user", count(*)::int AS "all"
    FROM "Message" WHERE "search" @@ to_tsquery('simple', ${`${text}:*`})`;
  return row!;
}

async function countRows(db: PrismaClient) {
  const [row] = await db.$queryRaw<Array<{ users: number; chats: number; messages: number }>>`
    SELECT (SELECT count(*) FROM "User")::int AS users, (SELECT count(*) FROM "Chat")::int AS chats,
           (SELECT count(*) FROM "Message")::int AS messages`;
  return row!;
}
