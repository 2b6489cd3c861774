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

async function owner() {
  const user = await service.createUser();
  const client = clientFor(service, user);
  const { chat, ids, minute } = await importBranchedChat(service, user);
  return { user, client, chat, ids, minute };
}

const publicView = (id: string) => service.app.inject({ method: 'GET', url: `/api/shares/${id}/public` });
const contents = (body: { messages: Array<{ content: string }> }) => body.messages.map((m) => m.content);

describe('POST /api/chats/:id/share', () => {
  it('shares the visible branch by default: complete user and assistant messages only, at an unguessable URL', async () => {
    const { client, chat, minute } = await owner();
    const response = await client.post(`/api/chats/${chat.id}/share`, {});
    expect(response.statusCode).toBe(201);
    const { id, url } = response.json<{ id: string; url: string }>();
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url).toBe(`${service.env.PUBLIC_URL.replace(/\/+$/, '')}/share/${id}`);

    const page = await publicView(id);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.json()).toEqual({
      title: 'Trip planning',
      messages: [
        { role: 'user', content: 'Q1', createdAt: minute(1) },
        { role: 'assistant', content: 'A1', createdAt: minute(2) },
        { role: 'user', content: 'Q2 edited', createdAt: minute(5) },
        // The visible branch ends on the failed retry, which is left out (A2 edited is its
        // sibling, not on the path).
      ],
    });
    // The system prompt is the author's setup, not part of the conversation.
    expect(page.body).not.toContain('SECRET-SYSTEM-PROMPT');
  });

  it('shares the path to the chosen message, on any branch', async () => {
    const { client, chat, ids } = await owner();
    const other = await client.post(`/api/chats/${chat.id}/share`, { upToMessageId: ids.a2 });
    expect(other.statusCode).toBe(201);
    expect(contents((await publicView(other.json().id)).json())).toEqual([
      'Q1',
      'A1',
      'Q2 first',
      'A2 first',
    ]);

    const middle = await client.post(`/api/chats/${chat.id}/share`, { upToMessageId: ids.a1 });
    expect(contents((await publicView(middle.json().id)).json())).toEqual(['Q1', 'A1']);
  });

  it('works with no body at all', async () => {
    const { client, chat } = await owner();
    const response = await client.post(`/api/chats/${chat.id}/share`);
    expect(response.statusCode, response.body).toBe(201);
  });

  it('is a snapshot: later messages and a new title appear only when the link is updated, under the same URL', async () => {
    const { client, chat } = await owner();
    const first = (await client.post(`/api/chats/${chat.id}/share`, {})).json<{ id: string; url: string }>();
    const [listed] = (await client.get('/api/shares')).json<{ items: Array<{ updatedAt: string }> }>().items;

    expect((await client.patch(`/api/chats/${chat.id}`, { title: 'Renamed' })).statusCode).toBe(200);
    await client.postMessage(chat.id, 'Q3 later');
    expect(await service.prisma.message.count({ where: { chatId: chat.id } })).toBe(9);
    const unchanged = (await publicView(first.id)).json();
    expect(unchanged.title).toBe('Trip planning');
    expect(contents(unchanged)).toEqual(['Q1', 'A1', 'Q2 edited']);

    const again = await client.post(`/api/chats/${chat.id}/share`, {});
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first);
    const updated = (await publicView(first.id)).json();
    expect(updated.title).toBe('Renamed');
    // The new answer is still streaming: only its question is shared.
    expect(contents(updated)).toEqual(['Q1', 'A1', 'Q2 edited', 'Q3 later']);
    const items = (await client.get('/api/shares')).json<{
      items: Array<{ updatedAt: string; messageCount: number }>;
    }>().items;
    expect(items).toHaveLength(1);
    expect(items[0]!.messageCount).toBe(4);
    expect(new Date(items[0]!.updatedAt).getTime()).toBeGreaterThan(new Date(listed!.updatedAt).getTime());
  });

  it('editing the chat after sharing does not change the shared page', async () => {
    const { client, chat, ids } = await owner();
    const { id } = (await client.post(`/api/chats/${chat.id}/share`, { upToMessageId: ids.a2 })).json();
    // Editing an answer rewrites it in place; deleting the chat is covered below.
    const edited = await client.patch(`/api/messages/${ids.a2}`, { content: 'A2 rewritten' });
    expect(edited.statusCode).toBe(200);
    expect(contents((await publicView(id)).json())).toEqual(['Q1', 'A1', 'Q2 first', 'A2 first']);
  });

  it("404 for another user's chat, an unknown chat, and a message of another chat", async () => {
    const { client, chat } = await owner();
    const intruder = clientFor(service, await service.createUser());
    expect((await intruder.post(`/api/chats/${chat.id}/share`, {})).statusCode).toBe(404);
    expect((await client.post('/api/chats/cht_00000000000000000000/share', {})).statusCode).toBe(404);
    const elsewhere = await owner();
    const foreign = await client.post(`/api/chats/${chat.id}/share`, { upToMessageId: elsewhere.ids.a1 });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('NOT_FOUND');
    expect(await service.prisma.shareLink.count({ where: { chatId: chat.id } })).toBe(0);
  });

  it('refuses a path with nothing finished to show (400)', async () => {
    const { client, chat, ids } = await owner();
    const failedOnly = await client.post(`/api/chats/${chat.id}/share`, { upToMessageId: ids.a2c });
    // The failed retry's path still holds Q1…Q2 edited, so that one is fine…
    expect(failedOnly.statusCode).toBe(201);
    // …but an empty chat has nothing.
    const empty = await client.createChat();
    const response = await client.post(`/api/chats/${empty.id}/share`, {});
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('GET /api/shares and DELETE /api/shares/:id', () => {
  it('lists only my links, newest first, with their chat, title and size', async () => {
    const me = await owner();
    const second = await importBranchedChat(service, me.user);
    const a = (await me.client.post(`/api/chats/${me.chat.id}/share`, { upToMessageId: me.ids.a1 })).json();
    const b = (await me.client.post(`/api/chats/${second.chat.id}/share`, {})).json();
    await (await owner()).client.post(`/api/chats/${(await owner()).chat.id}/share`, {});
    const response = await me.client.get('/api/shares');
    expect(response.statusCode).toBe(200);
    const items = response.json().items;
    expect(items.map((item: { id: string }) => item.id)).toEqual([b.id, a.id]);
    expect(items[1]).toEqual({
      id: a.id,
      url: a.url,
      chatId: me.chat.id,
      title: 'Trip planning',
      messageCount: 2,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('revoking removes the page at once; a second revoke and other users get 404', async () => {
    const { client, chat } = await owner();
    const { id } = (await client.post(`/api/chats/${chat.id}/share`, {})).json();
    const intruder = clientFor(service, await service.createUser());
    expect((await intruder.delete(`/api/shares/${id}`)).statusCode).toBe(404);
    expect((await publicView(id)).statusCode).toBe(200);

    expect((await client.delete(`/api/shares/${id}`)).statusCode).toBe(204);
    const gone = await publicView(id);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('NOT_FOUND');
    expect((await client.delete(`/api/shares/${id}`)).statusCode).toBe(404);
    expect((await client.get('/api/shares')).json().items).toEqual([]);

    // Sharing again after revoking makes a new, different URL: the old one stays dead.
    const fresh = (await client.post(`/api/chats/${chat.id}/share`, {})).json();
    expect(fresh.id).not.toBe(id);
    expect((await publicView(id)).statusCode).toBe(404);
  });

  it('deleting the chat revokes its link', async () => {
    const { client, chat } = await owner();
    const { id } = (await client.post(`/api/chats/${chat.id}/share`, {})).json();
    expect((await client.delete(`/api/chats/${chat.id}`)).statusCode).toBe(204);
    expect((await publicView(id)).statusCode).toBe(404);
    expect((await client.get('/api/shares')).json().items).toEqual([]);
  });
});
