import type { PrismaClient } from '@vivier/db';
import { HEAVY_USER_ID, type Scale } from './scales';

/**
 * Seeds a migrated scratch database in set-based SQL: users, their chats, their messages (text
 * drawn from a Zipf-like vocabulary, so there are common, mid-frequency and rare words). A chat's
 * messages are inserted together, chats in a shuffled order, so each user's rows are spread over
 * the whole table (interleaved with everyone else's) while a conversation stays together.
 *
 * The secondary indexes of "Chat" and "Message" are dropped before loading and rebuilt after
 * (faster than maintaining them row by row), from their own definitions, so the database ends up
 * exactly as migrated. A marker table records the scale: `seedOnce` on a database already seeded
 * at that scale does nothing, so a re-run does not pay the seed again.
 */
export async function seedOnce(
  db: PrismaClient,
  scale: Scale,
  log: (line: string) => void,
): Promise<boolean> {
  await db.$executeRawUnsafe(
    `CREATE TABLE IF NOT EXISTS "_bench_seed" (scale TEXT PRIMARY KEY, "seededAt" TIMESTAMPTZ NOT NULL)`,
  );
  const marker = await db.$queryRawUnsafe<Array<{ scale: string }>>(`SELECT scale FROM "_bench_seed"`);
  if (marker.some((row) => row.scale === scale.name)) return false;
  if (marker.length) throw new Error(`database already seeded at scale ${marker[0]!.scale}; use another one`);

  // Each loading step in its own transaction, with the foreign-key and owner triggers off (replica
  // role, this transaction only): the seed writes consistent rows, "Message"."userId" included.
  const step = async (label: string, sql: string) => {
    const started = performance.now();
    await db.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
        await tx.$executeRawUnsafe(sql);
      },
      { timeout: 3_600_000, maxWait: 10_000 },
    );
    log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  const typicalChats = scale.users * scale.chatsPerUser;
  const chats = typicalChats + scale.heavyChats;
  const lnVocabulary = Math.log(scale.vocabulary);
  // Row g writes chat n = g·P mod chats (P prime): a shuffle, so that users' chats interleave.
  const spread = (g: string) => `((${g})::bigint * 1000003 % ${chats})::int`;
  // A chat number n → its owner and id. Typical chats are 0 … typicalChats−1, the heavy user's after.
  const owner = (n: string) =>
    `CASE WHEN ${n} < ${typicalChats} THEN 'usr_' || lpad((${n} / ${scale.chatsPerUser})::text, 6, '0') ELSE '${HEAVY_USER_ID}' END`;
  const chatId = (n: string) => `'cht_' || lpad((${n})::text, 8, '0')`;
  // A chat's first message: spread over two years by a multiplicative hash of n.
  const chatStart = (n: string) =>
    `(timestamp '2026-12-01' - ((${n}::bigint * 2654435761) % 1051200) * interval '1 minute')`;
  // Zipf-like: floor(exp(U·ln V)) draws rank r with probability ln((r+1)/r) / ln V ≈ 1/(r·ln V).
  // The dummy reference to the row makes the subquery correlated, so it is drawn for every row.
  const words = (count: string, row: string) =>
    `(SELECT string_agg('w' || lpad(floor(exp(random() * ${lnVocabulary}))::int::text, 5, '0'), ' ')
      FROM generate_series(1, ${count} + 0 * ${row}))`;
  const perChat = (n: string) =>
    `CASE WHEN ${n} < ${typicalChats} THEN ${scale.messagesPerChat} ELSE ${scale.heavyMessagesPerChat} END`;
  const idStride = Math.max(scale.messagesPerChat, scale.heavyMessagesPerChat);
  // Chat by chat (a conversation's messages are written within minutes, so they sit together in
  // the table), chats in the shuffled order above (many users write at the same time).
  const messages = (from: number, to: number) => `
    INSERT INTO "Message" (id, "chatId", "userId", role, content, status, "createdAt", "updatedAt")
    SELECT 'msg_' || lpad((n::bigint * ${idStride} + k)::text, 9, '0'), ${chatId('n')}, ${owner('n')},
           CASE WHEN k % 2 = 0 THEN 'user' ELSE 'assistant' END::"MessageRole",
           ${words('6 + (n + k) % 11', 'k')}, 'complete',
           ${chatStart('n')} + k * interval '1 minute', ${chatStart('n')} + k * interval '1 minute'
    FROM generate_series(${from}, ${to}) g,
         LATERAL (SELECT ${spread('g')} AS n) AS chat,
         LATERAL generate_series(0, ${perChat('n')} - 1) AS k`;

  const indexes = await db.$queryRawUnsafe<Array<{ name: string; definition: string }>>(
    `SELECT indexname::text AS name, indexdef AS definition FROM pg_indexes
     WHERE schemaname = current_schema() AND tablename IN ('Chat', 'Message') AND indexname NOT LIKE '%_pkey'`,
  );
  log(
    `Seeding ${scale.name}: ${scale.users} users × ${scale.chatsPerUser} chats × ${scale.messagesPerChat} messages, ` +
      `plus ${HEAVY_USER_ID} with ${scale.heavyChats} chats × ${scale.heavyMessagesPerChat}`,
  );
  for (const index of indexes) await db.$executeRawUnsafe(`DROP INDEX "${index.name}"`);
  await step(
    'users',
    `INSERT INTO "User" (id, email, "passwordHash", "updatedAt")
     SELECT 'usr_' || lpad(g::text, 6, '0'), 'bench' || g || '@example.com', 'x', timestamp '2026-12-01'
     FROM generate_series(0, ${scale.users - 1}) g
     UNION ALL SELECT '${HEAVY_USER_ID}', 'heavy@example.com', 'x', timestamp '2026-12-01'`,
  );
  await step(
    'chats',
    `INSERT INTO "Chat" (id, "userId", title, provider, model, "createdAt", "updatedAt")
     SELECT ${chatId('n')}, ${owner('n')}, ${words('3', 'n')}, 'openai', 'gpt-4o-mini', ${chatStart('n')},
            ${chatStart('n')} + CASE WHEN n < ${typicalChats} THEN ${scale.messagesPerChat - 1}
                                     ELSE ${scale.heavyMessagesPerChat - 1} END * interval '1 minute'
     FROM generate_series(0, ${chats - 1}) g, LATERAL (SELECT ${spread('g')} AS n) AS chat`,
  );
  const batches = 10;
  for (let batch = 0; batch < batches; batch += 1) {
    const from = Math.floor((chats * batch) / batches);
    const to = Math.floor((chats * (batch + 1)) / batches) - 1;
    await step(`messages, batch ${batch + 1}/${batches}`, messages(from, to));
  }
  for (const index of indexes) {
    const started = performance.now();
    await db.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL maintenance_work_mem = '256MB'`);
        await tx.$executeRawUnsafe(index.definition);
      },
      { timeout: 3_600_000, maxWait: 10_000 },
    );
    log(`  index ${index.name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  await db.$executeRawUnsafe(`VACUUM ANALYZE "User", "Chat", "Message"`);
  await db.$executeRawUnsafe(`INSERT INTO "_bench_seed" (scale, "seededAt") VALUES ('${scale.name}', now())`);
  return true;
}
