import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { isStorageNotFound } from '@vivier/storage';
import { PNG_BYTES, upload } from '../routes/files-test-support';
import { clientFor, startTestChatService, type TestChatService, type TestUser } from '../test-support';
import { createFileSweeper } from './file-sweeper';

let service: TestChatService;
let user: TestUser;

beforeAll(async () => {
  service = await startTestChatService();
  user = await service.createUser();
});
afterAll(async () => {
  await service?.close();
});

const DAY_MS = 24 * 3600 * 1000;

async function uploaded(name: string, bytes: Uint8Array | string, ageMs = 0) {
  const response = await upload(service, user, [{ name, bytes }]);
  expect(response.statusCode).toBe(201);
  const file: { id: string } = response.json();
  if (ageMs > 0)
    await service.prisma.file.update({
      where: { id: file.id },
      data: { createdAt: new Date(Date.now() - ageMs) },
    });
  const row = await service.prisma.file.findUniqueOrThrow({ where: { id: file.id } });
  return { id: file.id, storageKey: row.storageKey };
}

const download = (fileId: string) => clientFor(service, user).get(`/api/files/${fileId}`);
const bytesGone = async (storageKey: string) =>
  service.deps.storage.get(storageKey).then(
    () => false,
    (error: unknown) => isStorageNotFound(error),
  );

function sweeper(batchSize?: number, redis: Redis = service.deps.redis) {
  return createFileSweeper(
    {
      db: service.deps.db,
      storage: service.deps.storage,
      redis,
      redisPrefix: service.env.REDIS_PREFIX,
      logger: service.logger,
    },
    { unattachedTtlMs: DAY_MS, ...(batchSize ? { batchSize } : {}) },
  );
}

describe('the file sweeper', () => {
  it('keeps an old upload no message holds while a knowledge base indexes it', async () => {
    const client = clientFor(service, user);
    const document = await uploaded('handbook.md', '# Handbook', 2 * DAY_MS);
    const base = (await client.post('/api/knowledge', { name: 'Kept' })).json<{ id: string }>();
    expect((await client.post(`/api/knowledge/${base.id}/files`, { fileId: document.id })).statusCode).toBe(
      202,
    );
    await sweeper().sweep();
    expect((await download(document.id)).statusCode).toBe(200);
    expect(await bytesGone(document.storageKey)).toBe(false);
  });

  it('removes old uploads no message holds (never sent, or their chat deleted), rows and bytes; keeps the rest', async () => {
    const client = clientFor(service, user);
    const sent = await uploaded('sent.png', PNG_BYTES, 2 * DAY_MS);
    const chat = await client.createChat();
    await client.postMessage(chat.id, 'what is this?', { fileIds: [sent.id] });
    const abandoned = await uploaded('abandoned.txt', 'never sent', 2 * DAY_MS);
    const fresh = await uploaded('fresh.txt', 'about to be sent');
    const inDeletedChat = await uploaded('gone-with-chat.txt', 'the chat goes', 2 * DAY_MS);
    const doomed = await client.createChat();
    await client.postMessage(doomed.id, 'read this', { fileIds: [inDeletedChat.id] });
    expect((await client.delete(`/api/chats/${doomed.id}`)).statusCode).toBe(204);

    expect(await sweeper(1).sweep()).toBeGreaterThanOrEqual(2);

    for (const file of [abandoned, inDeletedChat]) {
      expect((await download(file.id)).statusCode).toBe(404);
      expect(await bytesGone(file.storageKey)).toBe(true);
    }
    for (const file of [sent, fresh]) {
      expect((await download(file.id)).statusCode).toBe(200);
      expect(await bytesGone(file.storageKey)).toBe(false);
    }
    // A second pass finds nothing of this user's left to remove.
    await sweeper().sweep();
    expect((await download(sent.id)).statusCode).toBe(200);
  });

  it("removes a deleted account's files at the next pass, new or attached, rows and bytes; keeps everyone else's", async () => {
    const leaving = await service.createUser();
    const upload1 = await upload(service, leaving, [{ name: 'mine.png', bytes: PNG_BYTES }]);
    const attached: { id: string } = upload1.json();
    const client = clientFor(service, leaving);
    const chat = await client.createChat();
    await client.postMessage(chat.id, 'look', { fileIds: [attached.id] });
    const pending: { id: string } = (
      await upload(service, leaving, [{ name: 'draft.txt', bytes: 'x' }])
    ).json();
    const keys = (
      await service.prisma.file.findMany({ where: { id: { in: [attached.id, pending.id] } } })
    ).map((row) => row.storageKey);
    const staying = await uploaded('staying.txt', "someone else's, just uploaded");

    // What auth-service's account deletion does: the user row goes, files lose their owner.
    await service.prisma.user.delete({ where: { id: leaving.id } });
    expect(
      await service.prisma.file.count({ where: { id: { in: [attached.id, pending.id] }, userId: null } }),
    ).toBe(2);

    await sweeper().sweep();
    expect(await service.prisma.file.count({ where: { id: { in: [attached.id, pending.id] } } })).toBe(0);
    for (const key of keys) expect(await bytesGone(key)).toBe(true);
    expect((await download(staying.id)).statusCode).toBe(200);
    expect(await bytesGone(staying.storageKey)).toBe(false);
  });

  it('runs on one replica per period: the Redis lock decides', async () => {
    const old = await uploaded('locked-out.txt', 'old', 2 * DAY_MS);
    await service.deps.redis.set(`${service.env.REDIS_PREFIX}file-sweeper:lock`, '1', 'PX', 60_000);
    // Counts the replica's attempts to take the lock: one made while it is held must sweep nothing.
    let lockAttempts = 0;
    const counting = new Proxy(service.deps.redis, {
      get(target, property, receiver) {
        if (property === 'set') lockAttempts += 1;
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const stop = sweeper(undefined, counting).schedule(1_000);
    await expect.poll(() => lockAttempts, { timeout: 5_000 }).toBeGreaterThan(0);
    stop();
    expect((await download(old.id)).statusCode).toBe(200);

    await service.deps.redis.del(`${service.env.REDIS_PREFIX}file-sweeper:lock`);
    const again = sweeper().schedule(1_000);
    try {
      await expect.poll(async () => (await download(old.id)).statusCode, { timeout: 5_000 }).toBe(404);
    } finally {
      again();
    }
  });
});
