import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { createAllowanceStore } from '@vivier/bus';
import { clientFor, startTestChatService, type TestChatService } from '../test-support';

/**
 * The send reserves its share of the allowance alongside the chat lookup (issue 11): a send that
 * fails on the chat must give the share back, or a user with room for one more answer is refused.
 * Billing is never asked here: the hot allowance answers (and billing's address refuses).
 */
let service: TestChatService;
beforeAll(async () => {
  service = await startTestChatService({
    BILLING_SERVICE_URL: 'http://127.0.0.1:9',
    QUOTA_FAILURE_POLICY: 'refuse',
  });
});
afterAll(async () => {
  await service.close();
});

/** Room for exactly one running answer: each holds `reserveMicros` until its usage arrives. */
async function allowOneAnswer(userId: string) {
  const store = createAllowanceStore({ redis: service.deps.redis, prefix: service.env.REDIS_PREFIX });
  await store.load(
    userId,
    {
      limitMicros: 1_000,
      spentMicros: 0,
      reserveMicros: 1_000,
      periodStart: new Date(Date.now() - 60_000),
      resetsAt: new Date(Date.now() + 3_600_000),
    },
    3_600_000,
  );
}

describe('POST /api/chats/:id/messages and the usage allowance', () => {
  it('gives the reserved share back when the chat is unknown, another user’s, or the parent is wrong', async () => {
    const user = await service.createUser();
    const client = clientFor(service, user);
    const other = clientFor(service, await service.createUser());
    const chat = await client.createChat();
    const othersChat = await other.createChat();
    await allowOneAnswer(user.id);

    const unknown = await client.post(`/api/chats/${newId('chat')}/messages`, { content: 'hi' });
    expect(unknown.statusCode).toBe(404);
    const notMine = await client.post(`/api/chats/${othersChat.id}/messages`, { content: 'hi' });
    expect(notMine.statusCode).toBe(404);
    const badParent = await client.post(`/api/chats/${chat.id}/messages`, {
      content: 'hi',
      parentId: newId('message'),
    });
    expect(badParent.statusCode).toBe(400);

    // The one answer the allowance has room for still starts; a second one is refused.
    const first = await client.post(`/api/chats/${chat.id}/messages`, { content: 'hi' });
    expect(first.statusCode).toBe(202);
    const second = await client.post(`/api/chats/${chat.id}/messages`, { content: 'again' });
    expect(second.statusCode).toBe(402);
    expect(second.json().error.code).toBe('QUOTA_EXCEEDED');
  });
});
