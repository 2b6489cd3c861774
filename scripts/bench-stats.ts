// `pnpm bench:stats [--messages N]`: how fast the admin stats are on a large database, as a ratio
// against a baseline measured in the same run on the same data.
//
// It creates a scratch database on the local server (TEST_DATABASE_URL / DATABASE_URL, else
// postgres@127.0.0.1:5432), migrates it, seeds it in SQL (default: 20k users, 50k chats, 1M
// messages and 500k usage entries spread over 400 days), then times the five stats queries
// (apps/admin-service/src/services/stats-queries.ts) for a 30-day and a 365-day range:
// - "indexed": as migrated;
// - "baseline": the same queries inside a transaction that first drops the createdAt indexes of
//   User, Chat and Message (rolled back afterwards), i.e. the schema before those indexes.
// Each figure is the median of five runs after one warm-up. The database is dropped at the end.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createPrismaClient, dropDatabase, ensureDatabase, migrateDatabase, type Prisma } from '@vivier/db';
// A narrow exception to "only an app's own files import its code": this benchmark times the admin
// service's own SQL, which no package exports (yet). Moving the stats queries into a package would
// lift it.
// eslint-disable-next-line no-restricted-imports
import {
  chatsByDayQuery,
  messagesQuery,
  newUsersByDayQuery,
  usageQuery,
  usersBeforeQuery,
} from '../apps/admin-service/src/services/stats-queries';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '1000000' } } });
const MESSAGES = Number(values.messages);
const USERS = 20_000;
const CHATS = 50_000;
const USAGE = Math.round(MESSAGES / 2);
const SPAN_DAYS = 400;
const RUNS = 5;
const NEW_INDEXES = ['Message_createdAt_chatId_idx', 'Chat_createdAt_idx', 'User_createdAt_idx'];

const server = new URL(
  process.env.TEST_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgresql://postgres@127.0.0.1:5432/postgres',
);
const databaseUrl = new URL(server);
databaseUrl.pathname = `/vivier_bench_stats_${Date.now()}_${randomBytes(3).toString('hex')}`;

type Tx = Prisma.TransactionClient;
type Range = { from: Date; to: Date };

const now = new Date();
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
const ranges: Array<[string, Range]> = [
  ['30 days', { from: daysAgo(30), to: now }],
  ['365 days', { from: daysAgo(365), to: now }],
];

/** A timestamp spread evenly over the last SPAN_DAYS days by the row number `g`. */
const spread = (total: number) => `now() - ((g::float8 / ${total}) * interval '${SPAN_DAYS} days')`;

async function seed(db: ReturnType<typeof createPrismaClient>) {
  const step = async (label: string, sql: string) => {
    const started = performance.now();
    await db.$executeRawUnsafe(sql);
    console.log(`  ${label} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  console.log(`Seeding ${USERS} users, ${CHATS} chats, ${MESSAGES} messages, ${USAGE} usage entries…`);
  await step(
    'users',
    `
    INSERT INTO "User" (id, email, "passwordHash", "createdAt", "updatedAt")
    SELECT 'usr_' || g, 'bench' || g || '@example.test', 'x', ${spread(USERS)}, now()
    FROM generate_series(1, ${USERS}) g`,
  );
  await step(
    'chats',
    `
    INSERT INTO "Chat" (id, "userId", title, provider, model, "createdAt", "updatedAt")
    SELECT 'cht_' || g, 'usr_' || (1 + g % ${USERS}), 'Chat ' || g, 'openai', 'gpt-4o-mini', ${spread(CHATS)}, now()
    FROM generate_series(1, ${CHATS}) g`,
  );
  await step(
    'messages',
    `
    INSERT INTO "Message" (id, "chatId", role, content, status, "createdAt", "updatedAt")
    SELECT 'msg_' || g, 'cht_' || (1 + (g::bigint * 7919) % ${CHATS}),
           CASE WHEN g % 2 = 0 THEN 'user'::"MessageRole" ELSE 'assistant'::"MessageRole" END,
           'benchmark message number ' || g, 'complete', ${spread(MESSAGES)}, now()
    FROM generate_series(1, ${MESSAGES}) g`,
  );
  await step(
    'usage entries',
    `
    INSERT INTO "UsageEntry" (id, "userId", "generationId", "chatId", provider, model, "inputTokens", "outputTokens", "costMicros", "createdAt")
    SELECT 'use_' || g, 'usr_' || (1 + g % ${USERS}), 'gen_' || g, 'cht_' || (1 + g % ${CHATS}),
           (ARRAY['openai','anthropic','google'])[1 + g % 3], 'model-' || (g % 5), 100 + g % 900, 50 + g % 400, 10 + g % 5000,
           ${spread(USAGE)}
    FROM generate_series(1, ${USAGE}) g`,
  );
  await step('analyze', 'ANALYZE');
}

async function runQueries(tx: Tx, range: Range) {
  await tx.$queryRaw(usersBeforeQuery(range));
  await tx.$queryRaw(newUsersByDayQuery(range));
  await tx.$queryRaw(chatsByDayQuery(range));
  await tx.$queryRaw(messagesQuery(range));
  await tx.$queryRaw(usageQuery(range));
}

async function medianMs(tx: Tx, range: Range): Promise<number> {
  await runQueries(tx, range); // warm-up
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    await runQueries(tx, range);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

/** Runs `measure` inside a transaction that is always rolled back. */
async function inRolledBackTransaction<T>(
  db: ReturnType<typeof createPrismaClient>,
  measure: (tx: Tx) => Promise<T>,
): Promise<T> {
  class Rollback extends Error {}
  let result: T | undefined;
  try {
    await db.$transaction(
      async (tx) => {
        result = await measure(tx);
        throw new Rollback('measured; roll back');
      },
      { timeout: 30 * 60_000, maxWait: 60_000 },
    );
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return result as T;
}

await ensureDatabase(databaseUrl.toString());
const db = createPrismaClient(databaseUrl.toString());
try {
  await migrateDatabase(databaseUrl.toString());
  await seed(db);
  const rows: Array<{ range: string; indexedMs: number; baselineMs: number }> = [];
  for (const [label, range] of ranges) {
    const indexedMs = await inRolledBackTransaction(db, (tx) => medianMs(tx, range));
    const baselineMs = await inRolledBackTransaction(db, async (tx) => {
      for (const index of NEW_INDEXES) await tx.$executeRawUnsafe(`DROP INDEX "${index}"`);
      return medianMs(tx, range);
    });
    rows.push({ range: label, indexedMs, baselineMs });
  }
  console.log(`\nAdmin stats, five queries, median of ${RUNS} runs (${MESSAGES} messages):`);
  console.log('range      indexed     baseline    speed-up');
  for (const row of rows) {
    console.log(
      `${row.range.padEnd(10)} ${`${row.indexedMs.toFixed(0)} ms`.padStart(9)}   ${`${row.baselineMs.toFixed(0)} ms`.padStart(9)}   ${(row.baselineMs / row.indexedMs).toFixed(2)}x`,
    );
  }
} finally {
  await db.$disconnect();
  await dropDatabase(databaseUrl.toString()).catch(() => {});
}
