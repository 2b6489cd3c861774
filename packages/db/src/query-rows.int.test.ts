import { newId } from '@vivier/contracts';
import { describe, expect, it } from 'vitest';
import { queryRows } from './client';
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
