import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { migrateDatabase, migrateDatabaseWithPrismaCli } from './migrate';
import { createTestDatabase, type TestDatabase } from './test-database';

// The search-at-scale migrations (20261206190000–20261206190500) on a database that already holds
// chats and messages: owners backfilled in batches, indexes built concurrently, new rows filled in.

const BEFORE = '20261206160000_generation_lease';
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
});

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

describe('the message owner migrations', () => {
  it('give every existing message its chat owner, build valid indexes, and fill owners on insert', async () => {
    const database = await createTestDatabase({ migrate: false });
    databases.push(database);
    await migrateDatabase(database.url, { until: BEFORE });
    // 3 users × 150 chats (more than two backfill batches of 200 chats) × 3 messages.
    await withClient(database.url, async (client) => {
      await client.query(`
        INSERT INTO "User" (id, email, "passwordHash", "updatedAt")
        SELECT 'usr_' || u, u || '@example.com', 'x', now() FROM generate_series(1, 3) u;
        INSERT INTO "Chat" (id, "userId", title, provider, model, "updatedAt")
        SELECT 'cht_' || c, 'usr_' || (c % 3 + 1), 'chat ' || c, 'openai', 'gpt-4o-mini', now()
        FROM generate_series(1, 450) c;
        INSERT INTO "Message" (id, "chatId", role, content, status, "updatedAt")
        SELECT 'msg_' || c || '_' || k, 'cht_' || c, 'user', 'hello ' || k, 'complete', now()
        FROM generate_series(1, 450) c, generate_series(1, 3) k;`);
    });

    const { applied } = await migrateDatabase(database.url);
    // Those six first, then whatever later migrations exist.
    expect(applied.slice(0, 6)).toEqual([
      '20261206190000_message_owner',
      '20261206190100_message_owner_backfill',
      '20261206190200_message_owner_search_idx',
      '20261206190300_chat_owner_search_idx',
      '20261206190400_owner_search_analyze',
      '20261206190500_owner_matching_chats',
    ]);

    await withClient(database.url, async (client) => {
      const owners = await client.query(`
        SELECT count(*)::int AS messages, count(*) FILTER (WHERE m."userId" = c."userId")::int AS owned
        FROM "Message" m JOIN "Chat" c ON c.id = m."chatId"`);
      expect(owners.rows[0]).toEqual({ messages: 1350, owned: 1350 });

      const indexes = await client.query(`
        SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE c.relname IN ('Message_owner_search_idx', 'Chat_owner_search_idx') ORDER BY 1`);
      expect(indexes.rows).toEqual([
        { name: 'Chat_owner_search_idx', valid: true },
        { name: 'Message_owner_search_idx', valid: true },
      ]);

      // A writer that does not know the column (the previous release during a rolling deploy).
      await client.query(`
        INSERT INTO "Message" (id, "chatId", role, content, status, "updatedAt")
        VALUES ('msg_late', 'cht_2', 'user', 'late', 'complete', now())`);
      const late = await client.query(`SELECT "userId" FROM "Message" WHERE id = 'msg_late'`);
      expect(late.rows[0]).toEqual({ userId: 'usr_3' });
    });
  });

  it('run under the real `prisma migrate deploy` too (the no-transaction ones alone in their files)', async () => {
    const database = await createTestDatabase({ migrate: false });
    databases.push(database);
    const { output } = await migrateDatabaseWithPrismaCli(database.url);
    expect(output).toContain('20261206190200_message_owner_search_idx');
    expect(output).toMatch(/All migrations have been successfully applied\./);
    const valid = await withClient(database.url, (client) =>
      client.query(`SELECT bool_and(i.indisvalid) AS valid, count(*)::int AS count FROM pg_index i
                    JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname LIKE '%_owner_search_idx'`),
    );
    expect(valid.rows[0]).toEqual({ valid: true, count: 2 });
  }, 150_000);
});
