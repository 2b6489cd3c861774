import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAGS_MAX_PER_CHAT } from '@vivier/contracts';
import { createTemporaryChatSweeper } from '../services/temporary-chat-sweeper';
import { clientFor, startTestChatService, type TestChatService } from '../test-support';

let service: TestChatService;
beforeAll(async () => {
  service = await startTestChatService();
});
afterAll(async () => {
  await service.close();
});

async function user() {
  const account = await service.createUser();
  return { account, client: clientFor(service, account) };
}

type Client = Awaited<ReturnType<typeof user>>['client'];
const listIds = async (client: Client, query = '') => {
  const response = await client.get(`/api/chats${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Array<{ id: string }> }>().items.map((chat) => chat.id);
};

describe('pinned chats', () => {
  it('pins and unpins without reordering the list by activity, and filters on it', async () => {
    const { client } = await user();
    const older = await client.createChat({ title: 'older' });
    const newer = await client.createChat({ title: 'newer' });
    const pinned = await client.patch(`/api/chats/${older.id}`, { pinned: true });
    expect(pinned.statusCode).toBe(200);
    expect(pinned.json()).toMatchObject({ pinned: true, updatedAt: older.updatedAt });
    expect(await listIds(client)).toEqual([newer.id, older.id]);
    expect(await listIds(client, '?pinned=true')).toEqual([older.id]);
    expect(await listIds(client, '?pinned=false')).toEqual([newer.id]);
    await client.patch(`/api/chats/${older.id}`, { pinned: false });
    expect(await listIds(client, '?pinned=true')).toEqual([]);
  });
});

describe('tags', () => {
  it('normalises, de-duplicates, filters the list and counts them per user', async () => {
    const { client } = await user();
    const a = await client.createChat({ title: 'a' });
    const b = await client.createChat({ title: 'b' });
    const tagged = await client.patch(`/api/chats/${a.id}`, {
      tags: [' Work ', '#work', 'Deep   Dive', 'ideas'],
    });
    expect(tagged.statusCode, tagged.body).toBe(200);
    expect(tagged.json().tags).toEqual(['work', 'deep dive', 'ideas']);
    await client.patch(`/api/chats/${b.id}`, { tags: ['WORK'] });

    expect(await listIds(client, '?tag=Work')).toEqual([b.id, a.id]);
    expect(await listIds(client, `?tag=${encodeURIComponent('deep dive')}`)).toEqual([a.id]);
    expect(await listIds(client, '?tag=nothing')).toEqual([]);

    const tags = await client.get('/api/tags');
    expect(tags.json().items).toEqual([
      { name: 'work', chatCount: 2 },
      { name: 'deep dive', chatCount: 1 },
      { name: 'ideas', chatCount: 1 },
    ]);
    const stranger = await user();
    expect((await stranger.client.get('/api/tags')).json().items).toEqual([]);

    await client.patch(`/api/chats/${a.id}`, { tags: [] });
    expect(await listIds(client, '?tag=ideas')).toEqual([]);
  });

  it('refuses blank tags, too long ones and more than the limit per chat', async () => {
    const { client } = await user();
    const chat = await client.createChat({});
    const tooMany = Array.from({ length: TAGS_MAX_PER_CHAT + 1 }, (_, index) => `t${index}`);
    for (const tags of [['  '], ['x'.repeat(51)], tooMany]) {
      const response = await client.patch(`/api/chats/${chat.id}`, { tags });
      expect(response.statusCode, JSON.stringify(tags)).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
    const atLimit = await client.patch(`/api/chats/${chat.id}`, { tags: tooMany.slice(1) });
    expect(atLimit.json().tags).toHaveLength(TAGS_MAX_PER_CHAT);
  });
});

describe('folders on the chat list', () => {
  it('moves a chat in and out of a folder and lists a folder’s chats or those in none', async () => {
    const { client } = await user();
    const folder = (await client.post('/api/folders', { name: 'Research' })).json<{ id: string }>();
    const loose = await client.createChat({});
    const filed = await client.createChat({});
    const moved = await client.patch(`/api/chats/${filed.id}`, { folderId: folder.id });
    expect(moved.json()).toMatchObject({ folderId: folder.id, updatedAt: filed.updatedAt });
    expect(await listIds(client, `?folderId=${folder.id}`)).toEqual([filed.id]);
    expect(await listIds(client, '?folderId=none')).toEqual([loose.id]);
    expect(await listIds(client)).toEqual([filed.id, loose.id]);
    await client.patch(`/api/chats/${filed.id}`, { folderId: null });
    expect(await listIds(client, `?folderId=${folder.id}`)).toEqual([]);
  });
});

describe('temporary chats', () => {
  it('are not listed, searched, tagged, shared or forked, and can be talked to and deleted', async () => {
    const { client } = await user();
    const saved = await client.createChat({ title: 'saved ephemeral-word' });
    const temporary = await client.createChat({ title: 'temporary ephemeral-word', temporary: true });
    expect(temporary.temporary).toBe(true);
    const sent = await client.postMessage(temporary.id, 'ephemeral-word in a message');
    expect((await client.get(`/api/chats/${temporary.id}`)).json().temporary).toBe(true);

    expect(await listIds(client)).toEqual([saved.id]);
    expect(await listIds(client, '?q=ephemeral')).toEqual([saved.id]);
    for (const body of [{ pinned: true }, { tags: ['x'] }]) {
      expect((await client.patch(`/api/chats/${temporary.id}`, body)).statusCode).toBe(409);
    }
    expect((await client.post(`/api/chats/${temporary.id}/share`, {})).statusCode).toBe(409);
    expect((await client.post(`/api/messages/${sent.userMessage.id}/fork`)).statusCode).toBe(409);
    expect((await client.post('/api/folders', { name: 'f' })).statusCode).toBe(201);

    expect((await client.delete(`/api/chats/${temporary.id}`)).statusCode).toBe(204);
    expect((await client.get(`/api/chats/${temporary.id}`)).statusCode).toBe(404);
  });

  it('are swept once idle past the TTL, and only they', async () => {
    const { client } = await user();
    const idle = await client.createChat({ temporary: true });
    const fresh = await client.createChat({ temporary: true });
    const savedOld = await client.createChat({});
    const hourAgo = new Date(Date.now() - 3_600_000);
    await service.prisma.chat.updateMany({
      where: { id: { in: [idle.id, savedOld.id] } },
      data: { updatedAt: hourAgo },
    });
    const sweeper = createTemporaryChatSweeper(
      {
        db: service.deps.db,
        generations: { cancelRunningInChat: async () => {} },
        redis: service.deps.redis,
        redisPrefix: service.env.REDIS_PREFIX,
        logger: service.logger,
      },
      { ttlMs: 30 * 60_000 },
    );
    expect(await sweeper.sweep()).toBeGreaterThanOrEqual(1);
    expect((await client.get(`/api/chats/${idle.id}`)).statusCode).toBe(404);
    expect((await client.get(`/api/chats/${fresh.id}`)).statusCode).toBe(200);
    expect((await client.get(`/api/chats/${savedOld.id}`)).statusCode).toBe(200);
  });
});
