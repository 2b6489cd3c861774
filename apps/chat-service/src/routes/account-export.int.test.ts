import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { ChatExport } from '@vivier/contracts';
import { clientFor, startTestChatService, type TestChatService } from '../test-support';
import { PNG_BYTES, upload } from './files-test-support';

let service: TestChatService;
beforeAll(async () => {
  service = await startTestChatService();
});
afterAll(async () => {
  await service.close();
});

async function exportOf(headers: Record<string, string>) {
  const response = await service.app.inject({ method: 'GET', url: '/api/chats/export', headers });
  return { response, entries: response.statusCode === 200 ? unzipSync(response.rawPayload) : {} };
}

describe('GET /api/chats/export (all my data)', () => {
  it("zips every chat of the caller as importable JSON, archived ones too, with their files; nobody else's", async () => {
    const user = await service.createUser();
    const client = clientFor(service, user);
    const kept = await client.createChat({ title: 'Kept' });
    const png = (await upload(service, user, [{ name: 'pixel.png', bytes: PNG_BYTES }])).json();
    await client.postMessage(kept.id, 'describe this', { fileIds: [png.id] });
    const archived = await client.createChat({ title: 'Old one' });
    await client.postMessage(archived.id, 'hello from the past');
    expect((await client.patch(`/api/chats/${archived.id}`, { archived: true })).statusCode).toBe(200);
    const note = (await upload(service, user, [{ name: 'notes/../../x.txt', bytes: 'my notes' }])).json();
    // A temporary chat is not saved, so it is not exported (issue 17 part 7).
    await client.createChat({ title: 'Passing', temporary: true });

    const other = await service.createUser();
    const theirs = await clientFor(service, other).createChat({ title: 'Not yours' });

    const { response, entries } = await exportOf(user.headers);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="vivier-export-\d{4}-\d{2}-\d{2}\.zip"$/,
    );

    expect(
      Object.keys(entries)
        .filter((name) => name.startsWith('chats/'))
        .sort(),
    ).toEqual([`chats/${kept.id}.json`, `chats/${archived.id}.json`].sort());
    expect(entries[`chats/${theirs.id}.json`]).toBeUndefined();
    const old = JSON.parse(strFromU8(entries[`chats/${archived.id}.json`]!));
    expect(old).toMatchObject({ archived: true, chat: { title: 'Old one' } });
    expect(old.messages.map((message: { content: string }) => message.content)).toContain(
      'hello from the past',
    );

    const index: Array<{ id: string; path: string | null }> = JSON.parse(strFromU8(entries['files.json']!));
    expect(index.map((file) => file.id).sort()).toEqual([png.id, note.id].sort());
    const pngEntry = index.find((file) => file.id === png.id)!;
    expect(Buffer.from(entries[pngEntry.path!]!)).toEqual(PNG_BYTES);
    const noteEntry = index.find((file) => file.id === note.id)!;
    expect(noteEntry.path).toMatch(new RegExp(`^files/${note.id}/[^/]+$`));
    expect(strFromU8(entries[noteEntry.path!]!)).toBe('my notes');
    expect(strFromU8(entries['README.txt']!)).toMatch(/2 chats/);

    // Each chat file is the single-chat export format: it imports back.
    const { archived: _flag, ...exported } = JSON.parse(strFromU8(entries[`chats/${kept.id}.json`]!));
    expect(ChatExport.safeParse(exported).success).toBe(true);
    const imported = await client.post('/api/chats/import', exported);
    expect(imported.statusCode).toBe(201);
    expect(imported.json().title).toBe('Kept');
  });

  it('gives a user with nothing an archive with empty lists, and needs a token', async () => {
    const fresh = await service.createUser();
    const { response, entries } = await exportOf(fresh.headers);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(strFromU8(entries['files.json']!))).toEqual([]);
    expect(strFromU8(entries['README.txt']!)).toMatch(/0 chats/);

    const anonymous = await exportOf({});
    expect(anonymous.response.statusCode).toBe(401);
    expect(anonymous.response.json().error.code).toBe('UNAUTHENTICATED');
  });
});
