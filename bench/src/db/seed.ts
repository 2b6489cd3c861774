import type { PrismaClient } from '@vivier/db';
import { HEAVY_USER_ID, type Scale } from './scales';

/**
 * Seeds a migrated scratch database in set-based SQL: users, their chats, their messages (text
 * drawn from a Zipf-like vocabulary, so there are common, mid-frequency and rare words). Messages
 * are inserted round-robin across chats (row g belongs to chat g mod chats), so one user's rows
 * are spread over the whole table as they would be after months of use, not packed together.
 *
 * The secondary indexes of "Chat" and "Message" are dropped before loading and rebuilt after
 * (faster than maintaining them row by row), from their own definitions, so the database ends up
 * exactly as migrated. A marker table records the scale: `seedOnce` on a database already seeded
 * at that scale does nothing, so a re-run does not pay the seed again.
 */
export async function seedOnce(db: PrismaClient, scale: Scale, log: (line: string) => void): Promise<boolean> {
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
  // Row g of a round writes chat n = g·P mod chats (P prime): every user's rows end up spread over
  // the table, as after months of use, rather than packed together.
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
  const messages = (firstId: number, round: number, range: [string, string], n: string) => `
    INSERT INTO "Message" (id, "chatId", "userId", role, content, status, "createdAt", "updatedAt")
    SELECT 'msg_' || lpad((${firstId} + g)::text, 9, '0'), ${chatId('n')}, ${owner('n')},
           '${round % 2 === 0 ? 'user' : 'assistant'}'::"MessageRole", ${words('6 + n % 11', 'n')}, 'complete',
           ${chatStart('n')} + ${round} * interval '1 minute', ${chatStart('n')} + ${round} * interval '1 minute'
    FROM generate_series(${range[0]}, ${range[1]}) g, LATERAL (SELECT ${n} AS n) AS chat`;

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
  // Round k writes message k of every chat; the heavy user's chats then get their extra rounds.
  for (let round = 0; round < scale.messagesPerChat; round += 1) {
    await step(
      `messages, round ${round + 1}/${scale.messagesPerChat}`,
      messages(round * chats, round, ['0', String(chats - 1)], spread('g')),
    );
  }
  const heavyFirstId = scale.messagesPerChat * chats;
  for (let round = scale.messagesPerChat; round < scale.heavyMessagesPerChat; round += 1) {
    await step(
      `${HEAVY_USER_ID}'s messages, round ${round + 1}/${scale.heavyMessagesPerChat}`,
      messages(
        heavyFirstId + (round - scale.messagesPerChat) * scale.heavyChats,
        round,
        ['0', String(scale.heavyChats - 1)],
        `${typicalChats} + ((g::bigint * 1000003) % ${scale.heavyChats})::int`,
      ),
    );
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
