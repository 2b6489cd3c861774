import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWLEDGE_BASES_MAX_PER_USER, newId } from '@vivier/contracts';
import { eventually, minimalPdf } from '@vivier/testkit';
import { clientFor, startTestChatService, type TestChatService } from '../test-support';
import { upload } from './files-test-support';

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
type User = Awaited<ReturnType<typeof user>>;

async function uploadText(owner: User, name: string, text: string, type = 'text/markdown') {
  const response = await upload(service, owner.account, [{ name, type, bytes: text }]);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

async function createBase(owner: User, name = 'Handbook') {
  const response = await owner.client.post('/api/knowledge', { name });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string; name: string; fileCount: number }>();
}

type FileItem = {
  fileId: string;
  status: string;
  chunks: number;
  indexedChunks: number;
  error: string | null;
};

async function waitForStatus(owner: User, baseId: string, fileId: string, status: string) {
  return eventually(async () => {
    const items = (await owner.client.get(`/api/knowledge/${baseId}/files`)).json<{ items: FileItem[] }>()
      .items;
    const item = items.find((entry) => entry.fileId === fileId);
    return item?.status === status ? item : undefined;
  }, 20_000);
}

const HANDBOOK = `# Vacation

Employees receive thirty vacation days per year. Unused days carry over until March.

# Expenses

Travel costs are reimbursed within fourteen days when the receipt is uploaded.

# Equipment

Every new starter gets a laptop and a monitor on the first day.
`;

async function search(owner: User, baseId: string, query: string, limit?: number) {
  const response = await owner.client.post(`/api/knowledge/${baseId}/search`, {
    query,
    ...(limit ? { limit } : {}),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Array<{ fileId: string; name: string; excerpt: string; score: number }> }>()
    .items;
}

describe('knowledge bases', () => {
  it('creates, lists, renames and deletes a base', async () => {
    const owner = await user();
    const base = await createBase(owner, '  Team docs ');
    expect(base).toMatchObject({ name: '  Team docs ', fileCount: 0, owned: true, groupIds: [] });
    expect(base.id).toMatch(/^kbs_/);
    const list = (await owner.client.get('/api/knowledge')).json();
    expect(list).toMatchObject({ items: [{ id: base.id }], nextCursor: null });
    const renamed = await owner.client.patch(`/api/knowledge/${base.id}`, { name: 'Policies' });
    expect(renamed.json()).toMatchObject({ name: 'Policies' });
    expect((await owner.client.get(`/api/knowledge/${base.id}`)).json()).toMatchObject({ name: 'Policies' });
    expect((await owner.client.delete(`/api/knowledge/${base.id}`)).statusCode).toBe(204);
    expect((await owner.client.get(`/api/knowledge/${base.id}`)).statusCode).toBe(404);
  });

  it('refuses blank names and bad search bodies with the error envelope', async () => {
    const owner = await user();
    const blank = await owner.client.post('/api/knowledge', { name: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED' },
      requestId: expect.any(String),
    });
    const base = await createBase(owner);
    expect((await owner.client.post(`/api/knowledge/${base.id}/search`, { query: '' })).statusCode).toBe(400);
    expect(
      (await owner.client.post(`/api/knowledge/${base.id}/search`, { query: 'x', limit: 500 })).statusCode,
    ).toBe(400);
  });

  it('indexes an added file (queued → ready, with chunks) and finds the right passage', async () => {
    const owner = await user();
    const base = await createBase(owner);
    const fileId = await uploadText(owner, 'handbook.md', HANDBOOK);
    const added = await owner.client.post(`/api/knowledge/${base.id}/files`, { fileId });
    expect(added.statusCode, added.body).toBe(202);
    expect(added.json()).toMatchObject({ fileId, name: 'handbook.md', status: 'queued' });

    const ready = await waitForStatus(owner, base.id, fileId, 'ready');
    expect(ready.chunks).toBe(3);
    expect(ready.indexedChunks).toBe(3);
    expect((await owner.client.get(`/api/knowledge/${base.id}`)).json()).toMatchObject({ fileCount: 1 });

    // "holiday" and "staff" are not in the text: the embeddings' neighbourhood finds it.
    const hits = await search(owner, base.id, 'How much holiday does staff get?');
    expect(hits[0]).toMatchObject({ fileId, name: 'handbook.md' });
    expect(hits[0]!.excerpt).toContain('thirty vacation days');
    expect((await search(owner, base.id, 'receipt reimbursed'))[0]!.excerpt).toContain('fourteen days');
  });

  it('indexes PDFs through their text layer and HTML as text', async () => {
    const owner = await user();
    const base = await createBase(owner);
    const pdf = await upload(service, owner.account, [
      {
        name: 'parking.pdf',
        type: 'application/pdf',
        bytes: minimalPdf([['Visitors park in the north garage.']]),
      },
    ]);
    expect(pdf.statusCode, pdf.body).toBe(201);
    const html = await uploadText(
      owner,
      'wifi.html',
      '<h1>Wifi</h1><p>The guest network password is sunflower.</p>',
      'text/html',
    );
    for (const fileId of [pdf.json<{ id: string }>().id, html]) {
      expect((await owner.client.post(`/api/knowledge/${base.id}/files`, { fileId })).statusCode).toBe(202);
      await waitForStatus(owner, base.id, fileId, 'ready');
    }
    expect((await search(owner, base.id, 'where do visitors park'))[0]).toMatchObject({
      name: 'parking.pdf',
    });
    expect((await search(owner, base.id, 'guest wifi password'))[0]!.excerpt).toContain('sunflower');
  });

  it('re-adding a file replaces its chunks; removing it or the base removes them', async () => {
    const owner = await user();
    const base = await createBase(owner);
    const fileId = await uploadText(owner, 'notes.md', '# Old\n\nThe launch is in April.');
    await owner.client.post(`/api/knowledge/${base.id}/files`, { fileId });
    await waitForStatus(owner, base.id, fileId, 'ready');
    const chunkCount = () =>
      service.prisma.knowledgeChunk.count({ where: { knowledgeBaseId: base.id, fileId } });
    expect(await chunkCount()).toBe(1);

    const again = await owner.client.post(`/api/knowledge/${base.id}/files`, { fileId });
    expect(again.statusCode).toBe(202);
    await waitForStatus(owner, base.id, fileId, 'ready');
    expect(await chunkCount()).toBe(1);
    expect((await owner.client.get(`/api/knowledge/${base.id}`)).json()).toMatchObject({ fileCount: 1 });

    expect((await owner.client.delete(`/api/knowledge/${base.id}/files/${fileId}`)).statusCode).toBe(204);
    expect(await chunkCount()).toBe(0);
    expect(await search(owner, base.id, 'launch April')).toEqual([]);
    expect((await owner.client.delete(`/api/knowledge/${base.id}/files/${fileId}`)).statusCode).toBe(404);

    await owner.client.post(`/api/knowledge/${base.id}/files`, { fileId });
    await waitForStatus(owner, base.id, fileId, 'ready');
    expect((await owner.client.delete(`/api/knowledge/${base.id}`)).statusCode).toBe(204);
    expect(await service.prisma.knowledgeChunk.count({ where: { knowledgeBaseId: base.id } })).toBe(0);
    // The upload itself stays the user's.
    expect((await owner.client.get(`/api/files/${fileId}`)).statusCode).toBe(200);
  });

  it('marks a file it cannot read as failed, with the reason', async () => {
    const owner = await user();
    const base = await createBase(owner);
    const fileId = await uploadText(owner, 'empty.md', '   \n\n  ');
    await owner.client.post(`/api/knowledge/${base.id}/files`, { fileId });
    const failed = await waitForStatus(owner, base.id, fileId, 'failed');
    expect(failed.error).toMatch(/no text/);
  });

  it('refuses types it cannot index (415) and enforces the per-user base limit (409)', async () => {
    const owner = await user();
    const base = await createBase(owner);
    const image = await upload(service, owner.account, [
      {
        name: 'dot.png',
        type: 'image/png',
        bytes: Buffer.from(
          'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
          'base64',
        ),
      },
    ]);
    const added = await owner.client.post(`/api/knowledge/${base.id}/files`, {
      fileId: image.json<{ id: string }>().id,
    });
    expect(added.statusCode).toBe(415);
    expect(added.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });

    await service.prisma.knowledgeBase.createMany({
      data: Array.from({ length: KNOWLEDGE_BASES_MAX_PER_USER - 1 }, (_, index) => ({
        id: newId('knowledgeBase'),
        userId: owner.account.id,
        name: `Base ${index}`,
      })),
    });
    const over = await owner.client.post('/api/knowledge', { name: 'One too many' });
    expect(over.statusCode).toBe(409);
    expect(over.json()).toMatchObject({ error: { code: 'CONFLICT' } });
  });
});

describe('knowledge access', () => {
  it("answers 404 for another user's base on every route, and for their file", async () => {
    const owner = await user();
    const other = await user();
    const base = await createBase(owner);
    const fileId = await uploadText(owner, 'secret.md', 'The vault code is 4711.');
    await owner.client.post(`/api/knowledge/${base.id}/files`, { fileId });
    await waitForStatus(owner, base.id, fileId, 'ready');

    const otherFile = await uploadText(other, 'mine.md', 'Mine.');
    const attempts = [
      other.client.get(`/api/knowledge/${base.id}`),
      other.client.patch(`/api/knowledge/${base.id}`, { name: 'Taken' }),
      other.client.delete(`/api/knowledge/${base.id}`),
      other.client.get(`/api/knowledge/${base.id}/files`),
      other.client.post(`/api/knowledge/${base.id}/files`, { fileId: otherFile }),
      other.client.delete(`/api/knowledge/${base.id}/files/${fileId}`),
      other.client.post(`/api/knowledge/${base.id}/search`, { query: 'vault code' }),
      other.client.get('/api/knowledge/kbs_malformed'),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.statusCode, response.body).toBe(404);
      expect(response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
    expect((await other.client.get('/api/knowledge')).json().items).toEqual([]);
    // Someone else's upload cannot be put into your own base either.
    const mine = await createBase(other);
    expect((await other.client.post(`/api/knowledge/${mine.id}/files`, { fileId })).statusCode).toBe(404);
    expect((await owner.client.get(`/api/knowledge/${base.id}`)).json()).toMatchObject({ name: 'Handbook' });
  });

  it('a chat cannot name a base its user may not read (404 at create and PATCH)', async () => {
    const owner = await user();
    const other = await user();
    const base = await createBase(owner);
    const created = await other.client.post('/api/chats', {
      provider: 'openai-compatible',
      model: 'fake',
      settings: { knowledgeIds: [base.id] },
    });
    expect(created.statusCode).toBe(404);
    const chat = await other.client.createChat();
    const patched = await other.client.patch(`/api/chats/${chat.id}`, {
      settings: { knowledgeIds: [base.id] },
    });
    expect(patched.statusCode).toBe(404);
    const own = await owner.client.createChat({ settings: { knowledgeIds: [base.id] } });
    expect(own.settings).toEqual({ knowledgeIds: [base.id] });
  });

  it('members of a group a base is shared with can read and search it, not change it', async () => {
    const owner = await user();
    const member = await user();
    const outsider = await user();
    const base = await createBase(owner);
    const fileId = await uploadText(owner, 'policy.md', HANDBOOK);
    await owner.client.post(`/api/knowledge/${base.id}/files`, { fileId });
    await waitForStatus(owner, base.id, fileId, 'ready');
    const group = await service.prisma.group.create({
      data: {
        id: newId('group'),
        name: `Team ${randomBytes(3).toString('hex')}`,
        members: { create: [{ userId: member.account.id }] },
      },
    });
    // What admin-service writes on PUT /api/admin/knowledge/:id/groups (its own test covers the route).
    await service.prisma.knowledgeBase.update({ where: { id: base.id }, data: { groupIds: [group.id] } });

    const listed = (await member.client.get('/api/knowledge')).json().items;
    expect(listed).toMatchObject([{ id: base.id, owned: false, groupIds: [group.id] }]);
    expect((await member.client.get(`/api/knowledge/${base.id}/files`)).statusCode).toBe(200);
    expect((await search(member, base.id, 'laptop on the first day'))[0]!.excerpt).toContain('laptop');
    const rename = await member.client.patch(`/api/knowledge/${base.id}`, { name: 'Mine now' });
    expect(rename.statusCode).toBe(403);
    expect((await member.client.delete(`/api/knowledge/${base.id}`)).statusCode).toBe(403);
    expect((await member.client.delete(`/api/knowledge/${base.id}/files/${fileId}`)).statusCode).toBe(403);
    const chat = await member.client.createChat({ settings: { knowledgeIds: [base.id] } });
    expect(chat.settings.knowledgeIds).toEqual([base.id]);

    expect((await outsider.client.get(`/api/knowledge/${base.id}`)).statusCode).toBe(404);
  });
});

describe('the file sweeper and /ready', () => {
  it('states the vector search mode in /ready', async () => {
    const ready = await eventually(async () => {
      const body = (await service.app.inject({ method: 'GET', url: '/ready' })).json();
      return typeof body.details?.knowledgeVectors === 'object' ? body : undefined;
    });
    // pgvector exactly when this server offers the extension; otherwise the fallback, saying why.
    const [offered] = await service.prisma.$queryRaw<Array<{ available: boolean }>>`
      SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') AS "available"`;
    expect(ready.details.knowledgeVectors).toEqual(
      offered?.available
        ? { mode: 'pgvector' }
        : { mode: 'array', reason: expect.stringContaining('CREATE EXTENSION vector failed') },
    );
  });
});
