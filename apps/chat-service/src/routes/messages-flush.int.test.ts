import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@vivier/db';
import { testDatabaseUrl } from '@vivier/testkit';
import { clientFor, startTestChatService, type TestChatService } from '../test-support';

/**
 * A send commits its rows without waiting for the WAL flush and then flushes beside the publish,
 * through `pg_logical_emit_message` (services/exchange-sql). A database may refuse that function
 * (a managed one with its own grants): sends must go on working, through the fallback flush.
 */
const role = `vivier_no_emit_${randomBytes(4).toString('hex')}`;
const admin = createPrismaClient(testDatabaseUrl());
let service: TestChatService;

beforeAll(async () => {
  // A role that may use every table but not the function (the run's own database only).
  await admin.$executeRawUnsafe(`CREATE ROLE ${role} LOGIN`);
  await admin.$executeRawUnsafe(`GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}`);
  await admin.$executeRawUnsafe(`GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  await admin.$executeRawUnsafe(`GRANT USAGE ON SCHEMA public TO ${role}`);
  for (const signature of ['boolean, text, text', 'boolean, text, bytea']) {
    await admin.$executeRawUnsafe(
      `REVOKE EXECUTE ON FUNCTION pg_logical_emit_message(${signature}) FROM PUBLIC`,
    );
  }
  const url = new URL(testDatabaseUrl());
  url.username = role;
  url.password = '';
  service = await startTestChatService({ DATABASE_URL: url.toString() });
});

afterAll(async () => {
  await service?.close();
  for (const signature of ['boolean, text, text', 'boolean, text, bytea']) {
    await admin.$executeRawUnsafe(
      `GRANT EXECUTE ON FUNCTION pg_logical_emit_message(${signature}) TO PUBLIC`,
    );
  }
  await admin.$executeRawUnsafe(`DROP OWNED BY ${role}`);
  await admin.$executeRawUnsafe(`DROP ROLE ${role}`);
  await admin.$disconnect();
});

describe('a database that refuses pg_logical_emit_message', () => {
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
