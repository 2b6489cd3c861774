import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busStreamNames } from '@vivier/contracts';
import { createPrismaClient } from '@vivier/db';
import { testDatabaseUrl } from '@vivier/testkit';
import { clientFor, startTestChatService, type TestChatService } from '../test-support';

/**
 * A send commits its rows without waiting for the WAL flush and then flushes beside the publish,
 * through `pg_logical_emit_message` (services/exchange-sql). A database may refuse that function
 * (a managed one with its own grants): sends must go on working, through the fallback flush; and
 * where no flush is possible at all, the client must not be told the answer started.
 */
const admin = createPrismaClient(testDatabaseUrl());
const roles: string[] = [];
let emitSignatures: string[] = [];

/** chat-service connected as a new role that may use every table, minus `revoke`, but not the function. */
async function startRestricted(revoke: string[]): Promise<TestChatService> {
  const role = `vivier_no_emit_${randomBytes(4).toString('hex')}`;
  roles.push(role);
  await admin.$executeRawUnsafe(`CREATE ROLE ${role} LOGIN`);
  await admin.$executeRawUnsafe(`GRANT USAGE ON SCHEMA public TO ${role}`);
  await admin.$executeRawUnsafe(`GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}`);
  await admin.$executeRawUnsafe(`GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  for (const statement of revoke) await admin.$executeRawUnsafe(`${statement} FROM ${role}`);
  const url = new URL(testDatabaseUrl());
  url.username = role;
  url.password = '';
  return startTestChatService({ DATABASE_URL: url.toString() });
}

beforeAll(async () => {
  // The run's own database only (each database has its own copy of the function); the other
  // test files connect as a superuser, which function grants do not bind. The signatures differ
  // between PostgreSQL versions (17 added a `flush` argument).
  const rows = await admin.$queryRawUnsafe<{ signature: string }[]>(
    `SELECT oid::regprocedure::text AS signature FROM pg_proc WHERE proname = 'pg_logical_emit_message'`,
  );
  emitSignatures = rows.map((row) => row.signature);
  for (const signature of emitSignatures) {
    await admin.$executeRawUnsafe(`REVOKE EXECUTE ON FUNCTION ${signature} FROM PUBLIC`);
  }
});

afterAll(async () => {
  try {
    for (const signature of emitSignatures) {
      await admin.$executeRawUnsafe(`GRANT EXECUTE ON FUNCTION ${signature} TO PUBLIC`);
    }
  } finally {
    for (const role of roles) {
      await admin.$executeRawUnsafe(`DROP OWNED BY ${role}`).catch(() => undefined);
      await admin.$executeRawUnsafe(`DROP ROLE IF EXISTS ${role}`);
    }
    await admin.$disconnect();
  }
});

describe('a database that refuses pg_logical_emit_message', () => {
  let service: TestChatService;
  beforeAll(async () => {
    service = await startRestricted([]);
  });
  afterAll(async () => {
    await service.close();
  });

  it('still answers every send and says so once in the log', async () => {
    const refused = await service.prisma
      .$queryRawUnsafe(`SELECT pg_logical_emit_message(true, 'probe', '')`)
      .then(
        () => false,
        () => true,
      );
    expect(refused).toBe(true); // the premise: this role may not call it

    const client = clientFor(service, await service.createUser());
    const chat = await client.createChat();
    const sent: string[] = [];
    for (const content of ['first', 'second']) {
      const response = await client.post(`/api/chats/${chat.id}/messages`, { content });
      expect(response.statusCode).toBe(202);
      sent.push(response.json().userMessage.id as string);
    }
    const messages = await service.prisma.message.findMany({ where: { id: { in: sent } } });
    expect(messages.map((message) => message.content).sort()).toEqual(['first', 'second']);
    const generations = await service.prisma.generation.findMany({ where: { userMessageId: { in: sent } } });
    expect(generations).toHaveLength(2);

    const warnings = service.logs.lines.filter((line) => line.includes('pg_logical_emit_message refused'));
    expect(warnings).toHaveLength(1);
  });
});

describe('a database where no flush gets through', () => {
  let service: TestChatService;
  beforeAll(async () => {
    // Nor the fallback: the user message may not be updated.
    service = await startRestricted(['REVOKE UPDATE ON "Message"']);
  });
  afterAll(async () => {
    await service.close();
  });

  it('answers 503 and stops the already published generation', async () => {
    const user = await service.createUser();
    const client = clientFor(service, user);
    const chat = await client.createChat();
    const response = await client.post(`/api/chats/${chat.id}/messages`, { content: 'hello' });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('UPSTREAM_UNAVAILABLE');

    // It was published before the flush failed: the worker that takes it finds it cancelled.
    const entries = await service.deps.redis.xrange(
      `${service.env.REDIS_PREFIX}${busStreamNames.generationRequests}`,
      '-',
      '+',
    );
    const published = entries
      .map(([, fields]) => JSON.parse(fields[1]!) as { data: { chatId: string; generationId: string } })
      .find((event) => event.data.chatId === chat.id);
    expect(published).toBeDefined();
    expect(await service.streams.isCancelRequested(published!.data.generationId)).toBe(true);
  });
});
