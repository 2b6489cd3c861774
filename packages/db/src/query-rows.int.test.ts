import { newId } from '@vivier/contracts';
import { describe, expect, it } from 'vitest';
import { createPrismaClient, queryRows } from './client';
import { Prisma } from './generated/prisma/client';
import { useTestPrisma } from './test-database';

const db = useTestPrisma();

describe('queryRows', () => {
  it('reads rows exactly as $queryRaw does: timestamps as the stored instant, bigints, JSON, arrays', async () => {
    const userId = newId('user');
    const chatId = newId('chat');
    const messageId = newId('message');
    const createdAt = new Date('2026-03-29T01:30:00.123Z');
    await db.client.user.create({ data: { id: userId, email: `${userId}@example.com`, passwordHash: 'x' } });
    await db.client.chat.create({
      data: {
        id: chatId,
        userId,
        title: 'Types',
        provider: 'openai',
        model: 'gpt-4o-mini',
        settings: { temperature: 0.5 },
      },
    });
    await db.client.message.create({
      data: {
        id: messageId,
        chatId,
        role: 'assistant',
        content: 'x',
        status: 'complete',
        costMicros: 9_007_199_254_740_993n,
        fileIds: ['fil_a', 'fil_b'],
        createdAt,
      },
    });
    const query = Prisma.sql`
      SELECT m."id", m."createdAt", m."costMicros", m."fileIds", m."status", c."settings"
      FROM "Message" m JOIN "Chat" c ON c."id" = m."chatId" WHERE m."id" = ${messageId}`;

    const raw = await db.client.$queryRaw<unknown[]>(query);
    // node-postgres reads a `timestamp` in the process's time zone unless told otherwise.
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    let prepared: unknown[];
    try {
      prepared = await queryRows(db.client, query);
      // Again: the second run reuses the prepared statement.
      expect(await queryRows(db.client, query)).toEqual(prepared);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }

    expect(prepared).toEqual(raw);
    expect(prepared).toEqual([
      {
        id: messageId,
        createdAt,
        costMicros: 9_007_199_254_740_993n,
        fileIds: ['fil_a', 'fil_b'],
        status: 'complete',
        settings: { temperature: 0.5 },
      },
    ]);
  });

  it('runs through $queryRaw inside a transaction, where the pool is not the transaction’s', async () => {
    const rows = await db.client.$transaction(async (tx) =>
      queryRows<{ value: number }>(tx, Prisma.sql`SELECT ${41}::int + 1 AS "value"`),
    );
    expect(rows).toEqual([{ value: 42 }]);
  });
});

describe('queryRows without waiting for the WAL flush', () => {
  it('commits on a session with synchronous_commit off, visible at once, and closes with the client', async () => {
    const setting = Prisma.sql`SELECT current_setting('synchronous_commit') AS "value"`;
    expect(await queryRows<{ value: string }>(db.client, setting)).toEqual([{ value: 'on' }]);
    expect(await queryRows<{ value: string }>(db.client, setting, { flush: false })).toEqual([
      { value: 'off' },
    ]);

    const userId = newId('user');
    await queryRows(
      db.client,
      Prisma.sql`INSERT INTO "User" ("id", "email", "passwordHash", "updatedAt")
        VALUES (${userId}, ${`${userId}@example.com`}, 'x', now()) RETURNING "id"`,
      { flush: false },
    );
    // Committed: another session (Prisma's pool) reads it straight away.
    expect(await db.client.user.findUnique({ where: { id: userId }, select: { id: true } })).toEqual({
      id: userId,
    });
  });

  it('ends its sessions when the client disconnects', async () => {
    const other = createPrismaClient(db.url);
    await queryRows(other, Prisma.sql`SELECT 1 AS "one"`, { flush: false });
    const open = Prisma.sql`SELECT count(*)::int AS "count" FROM pg_stat_activity
      WHERE "datname" = current_database() AND "application_name" = 'vivier-unflushed'`;
    const before = await queryRows<{ count: number }>(db.client, open);
    await other.$disconnect();
    const after = await queryRows<{ count: number }>(db.client, open);
    expect(after[0]!.count).toBe(before[0]!.count - 1);
  });
});
