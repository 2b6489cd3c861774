import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOLDER_NAME_MAX, FOLDERS_MAX_PER_USER, newId } from '@vivier/contracts';
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

async function folder(client: Client, body: Record<string, unknown>) {
  const response = await client.post('/api/folders', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string; name: string; parentId: string | null; collapsed: boolean }>();
}

const chatIdsIn = async (client: Client, folderId: string) =>
  (await client.get(`/api/chats?folderId=${folderId}`))
    .json<{ items: Array<{ id: string }> }>()
    .items.map((chat) => chat.id);

describe('folders', () => {
  it('creates, lists by name, renames, collapses and nests one level', async () => {
    const { client } = await user();
    const work = await folder(client, { name: 'Work' });
    expect(work).toMatchObject({ name: 'Work', parentId: null, collapsed: false });
    expect(work.id).toMatch(/^fld_/);
    const clients = await folder(client, { name: 'Clients', parentId: work.id });
    expect(clients.parentId).toBe(work.id);
    await folder(client, { name: 'Archive 2025' });

    const listed = await client.get('/api/folders');
    expect(listed.json().items.map((item: { name: string }) => item.name)).toEqual([
      'Archive 2025',
      'Clients',
      'Work',
    ]);

    const renamed = await client.patch(`/api/folders/${work.id}`, { name: 'Job', collapsed: true });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Job', collapsed: true });

    // One level only: not under a subfolder, not a folder with subfolders under another, not itself.
    const deeper = await client.post('/api/folders', { name: 'Deep', parentId: clients.id });
    expect(deeper.statusCode).toBe(400);
    expect(deeper.json().error.code).toBe('VALIDATION_FAILED');
    const other = await folder(client, { name: 'Other' });
    expect((await client.patch(`/api/folders/${work.id}`, { parentId: other.id })).statusCode).toBe(400);
    expect((await client.patch(`/api/folders/${other.id}`, { parentId: other.id })).statusCode).toBe(400);
    // Moving the subfolder to the top level is fine.
    const moved = await client.patch(`/api/folders/${clients.id}`, { parentId: null });
    expect(moved.json().parentId).toBeNull();
  });

  it('refuses blank and too long names, and more than the limit of folders', async () => {
    const { account, client } = await user();
    expect((await client.post('/api/folders', { name: '  ' })).statusCode).toBe(400);
    expect((await client.post('/api/folders', { name: 'x'.repeat(FOLDER_NAME_MAX + 1) })).statusCode).toBe(
      400,
    );
    await service.prisma.folder.createMany({
      data: Array.from({ length: FOLDERS_MAX_PER_USER }, (_, index) => ({
        id: newId('folder'),
        userId: account.id,
        name: `F${index}`,
      })),
    });
    const over = await client.post('/api/folders', { name: 'one too many' });
    expect(over.statusCode).toBe(409);
    expect(over.json().error.code).toBe('CONFLICT');
  });

  it('deleting a folder moves its chats (and its subfolders’ chats) out, or deletes them when asked', async () => {
    const { client } = await user();
    const top = await folder(client, { name: 'Top' });
    const sub = await folder(client, { name: 'Sub', parentId: top.id });
    const inTop = await client.createChat({ title: 'in top', folderId: top.id });
    const inSub = await client.createChat({ title: 'in sub' });
    expect((await client.patch(`/api/chats/${inSub.id}`, { folderId: sub.id })).statusCode).toBe(200);
    expect(await chatIdsIn(client, top.id)).toEqual([inTop.id]);

    expect((await client.delete(`/api/folders/${top.id}`)).statusCode).toBe(204);
    expect((await client.get('/api/folders')).json().items).toEqual([]);
    for (const chat of [inTop, inSub]) {
      const kept = await client.get(`/api/chats/${chat.id}`);
      expect(kept.statusCode).toBe(200);
      expect(kept.json().folderId).toBeNull();
    }

    const doomed = await folder(client, { name: 'Doomed' });
    const doomedSub = await folder(client, { name: 'Doomed sub', parentId: doomed.id });
    const a = await client.createChat({ folderId: doomed.id });
    const b = await client.createChat({ folderId: doomedSub.id });
    const outside = await client.createChat({});
    expect((await client.delete(`/api/folders/${doomed.id}?deleteChats=true`)).statusCode).toBe(204);
    expect((await client.get(`/api/chats/${a.id}`)).statusCode).toBe(404);
    expect((await client.get(`/api/chats/${b.id}`)).statusCode).toBe(404);
    expect((await client.get(`/api/chats/${outside.id}`)).statusCode).toBe(200);
  });

  it("answers 404 for another user's folder everywhere it can be named", async () => {
    const owner = await user();
    const intruder = await user();
    const theirs = await folder(owner.client, { name: 'Private' });
    const mine = await intruder.client.createChat({});
    const attempts = [
      await intruder.client.patch(`/api/folders/${theirs.id}`, { name: 'mine now' }),
      await intruder.client.delete(`/api/folders/${theirs.id}`),
      await intruder.client.post('/api/folders', { name: 'Sub', parentId: theirs.id }),
      await intruder.client.patch(`/api/chats/${mine.id}`, { folderId: theirs.id }),
      await intruder.client.post('/api/chats', {
        provider: mine.provider,
        model: mine.model,
        folderId: theirs.id,
      }),
      await intruder.client.get(`/api/chats?folderId=${theirs.id}`),
    ];
    for (const response of attempts) {
      expect(response.statusCode, response.body).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    expect((await owner.client.get('/api/folders')).json().items[0].name).toBe('Private');
  });
});
