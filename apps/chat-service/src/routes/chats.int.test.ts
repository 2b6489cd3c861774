import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, startTestChatService, type TestChatService } from '../test-support';
import { createPrismaClient } from '@vivier/db';

let service: TestChatService;
beforeAll(async () => {
  service = await startTestChatService();
});
afterAll(async () => {
  await service.close();
});

async function newClient() {
  return clientFor(service, await service.createUser());
}

describe('chats CRUD', () => {
  it('creates a chat with the default title and reads, renames, archives and deletes it', async () => {
    const client = await newClient();
    const created = await client.post('/api/chats', { provider: 'openai-compatible', model: 'fake' });
    expect(created.statusCode).toBe(201);
    const chat = created.json();
    expect(chat).toMatchObject({
      title: 'New chat',
      provider: 'openai-compatible',
      model: 'fake',
      archived: false,
      settings: {},
    });
    expect(chat.id).toMatch(/^cht_/);

    expect((await client.get(`/api/chats/${chat.id}`)).json()).toEqual(chat);

    const renamed = await client.patch(`/api/chats/${chat.id}`, { title: '  Trip to Lyon  ' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().title).toBe('  Trip to Lyon  ');

    const archived = await client.patch(`/api/chats/${chat.id}`, { archived: true });
    expect(archived.json().archived).toBe(true);
    expect((await client.get('/api/chats')).json().items).toEqual([]);
    expect(
      (await client.get('/api/chats?archived=true')).json().items.map((c: { id: string }) => c.id),
    ).toEqual([chat.id]);
    const unarchived = await client.patch(`/api/chats/${chat.id}`, { archived: false });
    expect(unarchived.json().archived).toBe(false);
    expect((await client.get('/api/chats')).json().items.map((c: { id: string }) => c.id)).toEqual([chat.id]);

    const deleted = await client.delete(`/api/chats/${chat.id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await client.get(`/api/chats/${chat.id}`)).statusCode).toBe(404);
  });

  it('keeps settings and a catalogue model of a configured provider', async () => {
    const client = await newClient();
    const settings = { systemPrompt: 'Be brief.', temperature: 0.3, maxTokens: 500 };
    const response = await client.post('/api/chats', {
      title: 'Hi',
      provider: 'openai',
      model: 'gpt-5.4',
      settings,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ title: 'Hi', provider: 'openai', model: 'gpt-5.4', settings });
  });

  it('deleting a chat removes its messages and cancels its running generations', async () => {
    const client = await newClient();
    const chat = await client.createChat();
    const { generationId, userMessage } = await client.postMessage(chat.id, 'hello');
    expect((await client.delete(`/api/chats/${chat.id}`)).statusCode).toBe(204);
    expect(await service.streams.isCancelRequested(generationId)).toBe(true);
    expect(await service.prisma.message.count({ where: { id: userMessage.id } })).toBe(0);
    expect(await service.prisma.generation.count({ where: { id: generationId } })).toBe(0);
  });
});

describe('chat list pagination', () => {
  it('walks every chat exactly once, newest activity first, stable by id', async () => {
    const client = await newClient();
    const ids: string[] = [];
    for (let index = 0; index < 7; index++)
      ids.push((await client.createChat({ title: `chat ${index}` })).id);
    // Same updatedAt for several chats: the id breaks the tie.
    const sameTime = new Date('2026-01-01T10:00:00.000Z');
    await service.prisma.chat.updateMany({
      where: { id: { in: ids.slice(0, 4) } },
      data: { updatedAt: sameTime },
    });
    // Posting bumps a chat to the top.
    await client.postMessage(ids[5]!, 'bump');

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const response = await client.get(`/api/chats?limit=2${query}`);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((chat: { id: string }) => chat.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);

    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect(seen[0]).toBe(ids[5]);
    const tied = ids.slice(0, 4).sort().reverse();
    expect(seen.slice(-4)).toEqual(tied);
    expect(pages).toBe(4);
  });

  it('refuses limits outside 1–100 and foreign cursors with 400', async () => {
    const client = await newClient();
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'cursor=not-a-cursor', 'archived=maybe']) {
      const response = await client.get(`/api/chats?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await client.get('/api/chats?limit=100')).statusCode).toBe(200);
  });
});

describe('chat validation', () => {
  it('refuses a model no configured provider offers, with details', async () => {
    const client = await newClient();
    for (const body of [
      { provider: 'openai', model: 'gpt-0-imaginary' },
      { provider: 'anthropic', model: 'claude-sonnet-4-6' },
      { provider: 'openai-compatible', model: 'fake', fallbackModel: 'nope' },
    ]) {
      const response = await client.post('/api/chats', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
      expect(response.json().error.details[0].path).toMatch(/model|fallbackModel/);
    }
    const unknownProvider = await client.post('/api/chats', { provider: 'mystery', model: 'fake' });
    expect(unknownProvider.statusCode).toBe(400);
    const chat = await client.createChat();
    const switched = await client.patch(`/api/chats/${chat.id}`, {
      provider: 'openai',
      model: 'not-a-model',
    });
    expect(switched.statusCode).toBe(400);
  });

  it('refuses NUL characters and malformed JSON with 400, stores other text exactly', async () => {
    const client = await newClient();
    const nul = await client.post('/api/chats', {
      title: 'a\u0000b',
      provider: 'openai-compatible',
      model: 'fake',
    });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.details[0].path).toBe('title');
    const malformed = await service.app.inject({
      method: 'POST',
      url: '/api/chats',
      payload: '{"provider": ',
      headers: { ...(await service.createUser()).headers, 'content-type': 'application/json' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('VALIDATION_FAILED');
    const exact = await client.createChat({ title: ' \tÉmoji 🎉 <b>x</b>\n' });
    expect(exact.title).toBe(' \tÉmoji 🎉 <b>x</b>\n');
  });

  it('needs a valid access token', async () => {
    expect((await service.app.inject({ method: 'GET', url: '/api/chats' })).statusCode).toBe(401);
    const bad = await service.app.inject({
      method: 'GET',
      url: '/api/chats',
      headers: { authorization: 'Bearer nope' },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('UNAUTHENTICATED');
  });
});

describe('search', () => {
  it('finds chats by a word in a title or in any message, with prefix matching on the last word', async () => {
    const client = await newClient();
    const byTitle = await client.createChat({ title: 'Sourdough starter notes' });
    const byMessage = await client.createChat({ title: 'Untitled' });
    await client.postMessage(byMessage.id, 'How do I repot a monstera deliciosa?');
    const other = await client.createChat({ title: 'Taxes' });
    await client.postMessage(other.id, 'nothing relevant here');

    const ids = async (q: string, extra = '') =>
      (await client.get(`/api/chats?q=${encodeURIComponent(q)}${extra}`))
        .json()
        .items.map((chat: { id: string }) => chat.id);
    expect(await ids('sourdough')).toEqual([byTitle.id]);
    expect(await ids('MONSTERA')).toEqual([byMessage.id]);
    expect(await ids('repot monst')).toEqual([byMessage.id]);
    expect(await ids('sour')).toEqual([byTitle.id]);
    expect(await ids('zzzunfindable')).toEqual([]);
    expect(await ids('!!!')).toEqual([]);
    expect(await ids('monstera', '&archived=true')).toEqual([]);

    // Another user's chats never match.
    const stranger = await newClient();
    expect((await stranger.get('/api/chats?q=monstera')).json().items).toEqual([]);
  });

  it('paginates search results with the same cursor', async () => {
    const client = await newClient();
    for (let index = 0; index < 3; index++) await client.createChat({ title: `Pelican report ${index}` });
    const first = (await client.get('/api/chats?q=pelican&limit=2')).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (
      await client.get(`/api/chats?q=pelican&limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)
    ).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((chat: { id: string }) => chat.id)).size).toBe(3);
  });
});

describe('with the database down', () => {
  it('answers 503 with the error envelope at once, not a 500 or a hang', async () => {
    const down = await startTestChatService(
      {},
      // Nothing listens on port 1: every query fails to connect, as while PostgreSQL restarts.
      {
        adjustDeps: (deps) => ({ ...deps, db: createPrismaClient('postgresql://postgres@127.0.0.1:1/down') }),
      },
    );
    try {
      const user = await down.createUser();
      const response = await clientFor(down, user).get('/api/chats');
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({
        error: { code: 'UPSTREAM_UNAVAILABLE', message: 'The database is unavailable; try again shortly' },
        requestId: expect.any(String),
      });
    } finally {
      await down.close();
    }
  });
});
