import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { Prisma } from '@vivier/db';
import {
  chatsByDayQuery,
  messagesQuery,
  newUsersByDayQuery,
  usageQuery,
  usersBeforeQuery,
} from '../services/stats-queries';
import { startTestAdminService, type TestAdminService } from '../test-support';

/**
 * Seeded in March 2003: other test files share the run's database but write rows dated now, so
 * nothing of theirs falls in (or before) this range.
 */
const at = (iso: string) => new Date(iso);

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];
let service: TestAdminService;
let token: string;

async function seed(db: TestAdminService['db']) {
  const user = (name: string, createdAt: string) => ({
    id: newId('user'),
    email: `${name}-${newId('user')}@stats.example`,
    passwordHash: 'not-a-hash',
    name,
    createdAt: at(createdAt),
  });
  const [u0, u1, u2, u3, u4] = [
    user('u0', '2003-02-01T12:00:00Z'), // before the range
    user('u1', '2003-03-01T10:00:00Z'),
    user('u2', '2003-03-02T09:00:00Z'),
    user('u3', '2003-03-03T23:00:00Z'),
    user('u4', '2003-03-05T08:00:00Z'), // after the range
  ] as const;
  await db.user.createMany({ data: [u0, u1, u2, u3, u4] });

  const chat = (userId: string, createdAt: string) => ({
    id: newId('chat'),
    userId,
    title: 't',
    provider: 'openai',
    model: 'gpt-5.4',
    createdAt: at(createdAt),
  });
  const [c1, c2, c3, c4] = [
    chat(u1.id, '2003-03-01T10:05:00Z'),
    chat(u2.id, '2003-03-02T09:05:00Z'),
    chat(u0.id, '2003-02-15T00:00:00Z'), // older chat, new messages
    chat(u1.id, '2003-03-04T00:00:00Z'), // at `to`: excluded
  ] as const;
  await db.chat.createMany({ data: [c1, c2, c3, c4] });

  const message = (chatId: string, createdAt: string) => ({
    id: newId('message'),
    chatId,
    role: 'user' as const,
    content: 'hi',
    status: 'complete' as const,
    createdAt: at(createdAt),
  });
  await db.message.createMany({
    data: [
      message(c1.id, '2003-03-01T00:00:00Z'), // exactly `from`: included
      message(c1.id, '2003-03-01T10:06:00Z'),
      message(c1.id, '2003-03-01T23:59:59.999Z'),
      message(c1.id, '2003-03-02T08:00:00Z'),
      message(c2.id, '2003-03-02T09:06:00Z'),
      message(c2.id, '2003-03-02T09:07:00Z'),
      message(c3.id, '2003-03-03T12:00:00Z'),
      message(c3.id, '2003-02-20T12:00:00Z'), // before
      message(c4.id, '2003-03-04T00:00:00Z'), // at `to`: excluded
      message(c4.id, '2003-03-04T01:00:00Z'),
    ],
  });

  const usage = (
    userId: string,
    chatId: string,
    provider: string,
    model: string,
    inputTokens: number,
    outputTokens: number,
    costMicros: number,
    createdAt: string,
  ) => ({
    id: newId('generation'),
    generationId: newId('generation'),
    userId,
    chatId,
    provider,
    model,
    inputTokens,
    outputTokens,
    costMicros: BigInt(costMicros),
    createdAt: at(createdAt),
  });
  await db.usageEntry.createMany({
    data: [
      usage(u1.id, c1.id, 'openai', 'gpt-5.4', 100, 200, 1500, '2003-03-01T00:00:00Z'),
      usage(u1.id, c1.id, 'openai', 'gpt-5.4-mini', 10, 20, 30, '2003-03-02T08:00:01Z'),
      usage(u2.id, c2.id, 'anthropic', 'claude-haiku-4-5', 50, 60, 400, '2003-03-02T09:07:01Z'),
      usage(u0.id, c3.id, 'openai', 'gpt-5.4', 1, 2, 5, '2003-03-03T12:00:01Z'),
      usage(u1.id, c4.id, 'openai', 'gpt-5.4', 1000, 1000, 99999, '2003-03-04T00:00:00Z'), // at `to`: excluded
      usage(u0.id, c3.id, 'google', 'gemini-2.5-pro', 1000, 1000, 99999, '2003-02-28T23:59:59.999Z'), // before
    ],
  });
}

beforeAll(async () => {
  service = await startTestAdminService();
  token = (await service.signedInAdmin()).token;
  await seed(service.db);
});
afterAll(async () => {
  await service.close();
});

const stats = (query: string) =>
  service.app.inject({
    method: 'GET',
    url: `/api/admin/stats${query}`,
    headers: { authorization: `Bearer ${token}` },
  });

describe('GET /api/admin/stats', () => {
  it('totals and groups users, chats, messages, tokens and cost over the range (bare `to` date inclusive)', async () => {
    const response = await stats('?from=2003-03-01&to=2003-03-03');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.from).toBe('2003-03-01T00:00:00.000Z');
    expect(body.to).toBe('2003-03-04T00:00:00.000Z');
    expect(body.totals).toEqual({
      users: 4,
      newUsers: 3,
      activeUsers: 3,
      chats: 2,
      messages: 7,
      generations: 4,
      inputTokens: 161,
      outputTokens: 282,
      costMicros: 1935,
    });
    expect(body.byDay).toEqual([
      {
        day: '2003-03-01',
        newUsers: 1,
        activeUsers: 1,
        chats: 1,
        messages: 3,
        generations: 1,
        inputTokens: 100,
        outputTokens: 200,
        costMicros: 1500,
      },
      {
        day: '2003-03-02',
        newUsers: 1,
        activeUsers: 2,
        chats: 1,
        messages: 3,
        generations: 2,
        inputTokens: 60,
        outputTokens: 80,
        costMicros: 430,
      },
      {
        day: '2003-03-03',
        newUsers: 1,
        activeUsers: 1,
        chats: 0,
        messages: 1,
        generations: 1,
        inputTokens: 1,
        outputTokens: 2,
        costMicros: 5,
      },
    ]);
    expect(body.byProvider).toEqual([
      { provider: 'openai', generations: 3, inputTokens: 111, outputTokens: 222, costMicros: 1535 },
      { provider: 'anthropic', generations: 1, inputTokens: 50, outputTokens: 60, costMicros: 400 },
    ]);
    expect(body.byModel).toEqual([
      {
        provider: 'openai',
        model: 'gpt-5.4',
        generations: 2,
        inputTokens: 101,
        outputTokens: 202,
        costMicros: 1505,
      },
      {
        provider: 'anthropic',
        model: 'claude-haiku-4-5',
        generations: 1,
        inputTokens: 50,
        outputTokens: 60,
        costMicros: 400,
      },
      {
        provider: 'openai',
        model: 'gpt-5.4-mini',
        generations: 1,
        inputTokens: 10,
        outputTokens: 20,
        costMicros: 30,
      },
    ]);
  });

  it('treats datetimes as exact edges (`to` exclusive) and fills empty days with zeros', async () => {
    const body = (await stats('?from=2003-03-02T00:00:00Z&to=2003-03-03T00:00:00Z')).json();
    expect(body.totals).toMatchObject({
      messages: 3,
      activeUsers: 2,
      chats: 1,
      newUsers: 1,
      costMicros: 430,
      users: 3,
    });
    expect(body.byDay.map((day: { day: string }) => day.day)).toEqual(['2003-03-02']);

    const empty = (await stats('?from=2003-01-01&to=2003-01-03')).json();
    expect(empty.byDay).toHaveLength(3);
    expect(empty.totals).toEqual({
      users: 0,
      newUsers: 0,
      activeUsers: 0,
      chats: 0,
      messages: 0,
      generations: 0,
      inputTokens: 0,
      outputTokens: 0,
      costMicros: 0,
    });
    expect(empty.byProvider).toEqual([]);
  });

  it('defaults to the last 30 UTC days up to now', async () => {
    const before = Date.now();
    const body = (await stats('')).json();
    expect(body.byDay).toHaveLength(30);
    expect(Date.parse(body.to)).toBeGreaterThanOrEqual(before);
    expect(body.from).toMatch(/T00:00:00\.000Z$/);
    expect(body.byDay.at(-1).day).toBe(new Date(Date.parse(body.to) - 1).toISOString().slice(0, 10));
  });

  it('refuses a reversed, empty, too long or malformed range with 400', async () => {
    for (const query of [
      '?from=2003-03-05&to=2003-03-01',
      '?from=2003-03-01T00:00:00Z&to=2003-03-01T00:00:00Z',
      '?from=2002-01-01&to=2003-01-02',
      '?from=yesterday',
      '?to=2003-13-01',
      '?from=2003-03-01T00:00:00',
    ]) {
      const response = await stats(query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await stats('?from=2003-01-01&to=2004-01-01')).statusCode).toBe(200); // 366 days: the maximum
  });

  it('has query plans that read every table through its createdAt index, never a full scan', async () => {
    const range = { from: at('2003-03-01T00:00:00Z'), to: at('2003-03-04T00:00:00Z') };
    // Seed-sized tables make a sequential scan cheapest, so sequential scans are priced out to
    // show the queries are written so the indexes can serve them (no function around createdAt).
    const plans = await service.db.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      const explain = async (query: Prisma.Sql) => {
        const [row] = await tx.$queryRaw<Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>>(
          Prisma.sql`EXPLAIN (FORMAT JSON) ${query}`,
        );
        return nodesOf(row!['QUERY PLAN'][0]!.Plan);
      };
      return {
        messages: await explain(messagesQuery(range)),
        usage: await explain(usageQuery(range)),
        chats: await explain(chatsByDayQuery(range)),
        newUsers: await explain(newUsersByDayQuery(range)),
        users: await explain(usersBeforeQuery(range)),
      };
    });
    const expected = {
      messages: ['Message', 'Message_createdAt_chatId_idx'],
      usage: ['UsageEntry', 'UsageEntry_createdAt_idx'],
      chats: ['Chat', 'Chat_createdAt_idx'],
      newUsers: ['User', 'User_createdAt_idx'],
      users: ['User', 'User_createdAt_idx'],
    } as const;
    for (const [name, [table, index]] of Object.entries(expected)) {
      const nodes = plans[name as keyof typeof plans];
      expect(nodes, name).toContainEqual(expect.objectContaining({ 'Index Name': index }));
      expect(nodes, name).not.toContainEqual(
        expect.objectContaining({ 'Node Type': 'Seq Scan', 'Relation Name': table }),
      );
    }
  });
});
