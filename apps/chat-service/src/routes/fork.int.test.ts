import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, startTestChatService, type TestChatService } from '../test-support';
import { importBranchedChat } from './tree-test-support';

let service: TestChatService;
beforeAll(async () => {
  service = await startTestChatService();
});
afterAll(async () => {
  await service.close();
});

interface TreeMessage {
  id: string;
  parentId: string | null;
  role: string;
  content: string;
  status: string;
  createdAt: string;
}

describe('POST /api/messages/:id/fork', () => {
  it('copies the path root → the message (on a branch that is not the visible one) into a new chat', async () => {
    const user = await service.createUser();
    const client = clientFor(service, user);
    const { chat, ids, minute } = await importBranchedChat(service, user);
    const original = (await client.get(`/api/chats/${chat.id}/messages`)).json<{ items: TreeMessage[] }>()
      .items;

    const response = await client.post(`/api/messages/${ids.a2}/fork`);
    expect(response.statusCode).toBe(201);
    const fork = response.json();
    expect(fork).toMatchObject({
      title: 'Trip planning (fork)',
      provider: 'openai',
      model: 'gpt-5.4',
      settings: { systemPrompt: 'SECRET-SYSTEM-PROMPT', temperature: 0.3 },
      archived: false,
    });
    expect(fork.id).not.toBe(chat.id);

    const copied = (await client.get(`/api/chats/${fork.id}/messages`)).json<{ items: TreeMessage[] }>()
      .items;
    expect(
      copied.map(({ role, content, status, createdAt }) => ({ role, content, status, createdAt })),
    ).toEqual([
      { role: 'user', content: 'Q1', status: 'complete', createdAt: minute(1) },
      { role: 'assistant', content: 'A1', status: 'complete', createdAt: minute(2) },
      { role: 'user', content: 'Q2 first', status: 'complete', createdAt: minute(3) },
      { role: 'assistant', content: 'A2 first', status: 'complete', createdAt: minute(4) },
    ]);
    // New ids, chained as a single path.
    const originalIds = new Set(original.map((message) => message.id));
    expect(copied.every((message) => !originalIds.has(message.id))).toBe(true);
    expect(copied.map((message) => message.parentId)).toEqual([
      null,
      ...copied.slice(0, -1).map((m) => m.id),
    ]);
    // The original is untouched.
    expect((await client.get(`/api/chats/${chat.id}/messages`)).json().items).toEqual(original);

    const chats = (await client.get('/api/chats')).json<{ items: Array<{ id: string }> }>().items;
    expect(chats.map((item) => item.id)).toContain(fork.id);

    // The conversation goes on from the fork's last message.
    const next = await client.postMessage(fork.id, 'Q3 in the fork');
    expect(next.userMessage.parentId).toBe(copied.at(-1)!.id);
  });

  it('from a middle message carries only the path up to it, and the fork lives on when the original is deleted', async () => {
    const user = await service.createUser();
    const client = clientFor(service, user);
    const { chat, ids } = await importBranchedChat(service, user);
    const fork = (await client.post(`/api/messages/${ids.a1}/fork`)).json();
    expect((await client.delete(`/api/chats/${chat.id}`)).statusCode).toBe(204);
    const copied = (await client.get(`/api/chats/${fork.id}/messages`)).json<{ items: TreeMessage[] }>()
      .items;
    expect(copied.map((message) => message.content)).toEqual(['Q1', 'A1']);
    // A fork of a fork is a fork too.
    const again = await client.post(`/api/messages/${copied[0]!.id}/fork`);
    expect(again.json().title).toBe('Trip planning (fork) (fork)');
  });

  it('an answer still streaming is copied as cancelled (nothing will ever finish the copy)', async () => {
    const user = await service.createUser();
    const client = clientFor(service, user);
    const chat = await client.createChat({ title: 'Live' });
    const sent = await client.postMessage(chat.id, 'hello');
    const fork = (await client.post(`/api/messages/${sent.assistantMessage.id}/fork`)).json();
    const copied = (await client.get(`/api/chats/${fork.id}/messages`)).json<{ items: TreeMessage[] }>()
      .items;
    expect(copied.map(({ role, status }) => ({ role, status }))).toEqual([
      { role: 'user', status: 'complete' },
      { role: 'assistant', status: 'cancelled' },
    ]);
  });

  it("404 for another user's message and an unknown one, and no chat is made", async () => {
    const owner = await service.createUser();
    const { ids } = await importBranchedChat(service, owner);
    const intruder = await service.createUser();
    const client = clientFor(service, intruder);
    for (const id of [ids.a2, 'msg_00000000000000000000', 'not-an-id']) {
      const response = await client.post(`/api/messages/${id}/fork`);
      expect(response.statusCode, id).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    expect(await service.prisma.chat.count({ where: { userId: intruder.id } })).toBe(0);
  });
});
