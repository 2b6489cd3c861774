import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@vivier/testkit';
import { createKnowledgeQueue } from '../services/knowledge-ingestion';
import { INTERRUPTED_MESSAGE, reconcileStuckFiles } from '../services/knowledge-reconcile';
import { clientFor, startTestChatService, type TestChatService } from '../test-support';
import { upload } from './files-test-support';

/**
 * Ingestion when the embedding model fails: retried with backoff (BullMQ attempts), every call
 * bounded by a timeout, `failed` with a readable reason after the last attempt, and a Retry that
 * re-queues the file. A job lost to a crash does not leave its file queued/indexing forever.
 */
let service: TestChatService;
beforeAll(async () => {
  service = await startTestChatService({
    KNOWLEDGE_INGEST_ATTEMPTS: '3',
    KNOWLEDGE_INGEST_BACKOFF_MS: '50',
    // Above the provider's own retries of a 5xx (at most 1.5 s of backoff), so a 5xx is not a timeout.
    KNOWLEDGE_EMBED_TIMEOUT_MS: '3000',
  });
});
afterEach(() => service.fakeLlm.setEmbeddingsFault(null));
afterAll(async () => {
  await service.close();
});

type FileItem = { fileId: string; status: string; chunks: number; error: string | null };

async function owner() {
  const account = await service.createUser();
  const client = clientFor(service, account);
  const base = (await client.post('/api/knowledge', { name: 'Handbook' })).json<{ id: string }>();
  const uploaded = await upload(service, account, [
    {
      name: 'handbook.md',
      type: 'text/markdown',
      bytes: '# Vacation\n\nEmployees receive thirty vacation days.\n',
    },
  ]);
  const fileId = uploaded.json<{ id: string }>().id;
  return { account, client, baseId: base.id, fileId };
}
type Owner = Awaited<ReturnType<typeof owner>>;

async function fileItem(user: Owner): Promise<FileItem | undefined> {
  const list = await user.client.get(`/api/knowledge/${user.baseId}/files`);
  return list.json<{ items: FileItem[] }>().items.find((item) => item.fileId === user.fileId);
}
const waitForStatus = (user: Owner, status: string) =>
  eventually(async () => {
    const item = await fileItem(user);
    return item?.status === status ? item : undefined;
  }, 30_000);

const embeddingRequests = () =>
  service.fakeLlm.requests.filter((entry) => entry.path.endsWith('/embeddings')).length;

describe('knowledge ingestion when the embedding model fails', () => {
  it('retries a 5xx, ends failed with the reason, and a Retry re-indexes the file', async () => {
    const user = await owner();
    service.fakeLlm.setEmbeddingsFault(503);
    const before = embeddingRequests();
    expect(
      (await user.client.post(`/api/knowledge/${user.baseId}/files`, { fileId: user.fileId })).statusCode,
    ).toBe(202);
    const failed = await waitForStatus(user, 'failed');
    expect(failed.error).toMatch(/embedding model failed/i);
    expect(failed.error).toContain('Gave up after 3 attempts');
    // Three queue attempts, each one call or more (the provider's own retries).
    expect(embeddingRequests() - before).toBeGreaterThanOrEqual(3);

    service.fakeLlm.setEmbeddingsFault(null);
    const retried = await user.client.post(`/api/knowledge/${user.baseId}/files/${user.fileId}/retry`);
    expect(retried.statusCode, retried.body).toBe(202);
    expect(retried.json()).toMatchObject({ fileId: user.fileId, status: 'queued', error: null });
    const ready = await waitForStatus(user, 'ready');
    expect(ready.error).toBeNull();
    const hits = await user.client.post(`/api/knowledge/${user.baseId}/search`, { query: 'holiday' });
    expect(hits.json<{ items: Array<{ fileId: string }> }>().items[0]?.fileId).toBe(user.fileId);
  });

  it('does not retry a refusal (4xx): one call, failed at once with the reason', async () => {
    const user = await owner();
    service.fakeLlm.setEmbeddingsFault(401);
    const before = embeddingRequests();
    await user.client.post(`/api/knowledge/${user.baseId}/files`, { fileId: user.fileId });
    const failed = await waitForStatus(user, 'failed');
    expect(failed.error).toMatch(/rejected the configured API key/i);
    expect(failed.error).not.toContain('Gave up');
    expect(embeddingRequests() - before).toBe(1);
  });

  it('gives up on an endpoint that never answers, saying it timed out', async () => {
    const user = await owner();
    service.fakeLlm.setEmbeddingsFault('hang');
    await user.client.post(`/api/knowledge/${user.baseId}/files`, { fileId: user.fileId });
    const failed = await waitForStatus(user, 'failed');
    expect(failed.error).toContain('did not answer within 3 s');
    expect(failed.error).toContain('Gave up after 3 attempts');
  });

  it('lets only the owner retry, and only a file of the base', async () => {
    const user = await owner();
    await user.client.post(`/api/knowledge/${user.baseId}/files`, { fileId: user.fileId });
    await waitForStatus(user, 'ready');
    const outsider = clientFor(service, await service.createUser());
    const foreign = await outsider.post(`/api/knowledge/${user.baseId}/files/${user.fileId}/retry`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const absent = await user.client.post(`/api/knowledge/${user.baseId}/files/fil_unknown/retry`);
    expect(absent.statusCode).toBe(404);
    expect((await fileItem(user))?.status).toBe('ready');
  });
});

describe('a job lost to a crash', () => {
  it('marks its file failed with a reason, and leaves a file whose job is still queued alone', async () => {
    const lost = await owner();
    const waiting = await owner();
    // Files quiet for an hour: one whose job is gone, one whose job still waits in a queue no
    // worker serves (a real BullMQ queue under a prefix of its own).
    for (const user of [lost, waiting]) {
      await service.prisma.knowledgeFile.create({
        data: { knowledgeBaseId: user.baseId, fileId: user.fileId, status: 'indexing' },
      });
      await service.prisma.$executeRaw`UPDATE "KnowledgeFile" SET "updatedAt" = now() - interval '1 hour'
        WHERE "knowledgeBaseId" = ${user.baseId} AND "fileId" = ${user.fileId}`;
    }
    const queue = createKnowledgeQueue({
      connection: service.deps.bullConnection,
      prefix: `${service.env.REDIS_PREFIX}lost:`,
    });
    try {
      await queue.enqueue({ knowledgeBaseId: waiting.baseId, fileId: waiting.fileId, version: 1 });
      await reconcileStuckFiles({ db: service.prisma, queue, logger: service.logger });
    } finally {
      await queue.close();
    }
    expect(await fileItem(lost)).toMatchObject({ status: 'failed', error: INTERRUPTED_MESSAGE });
    expect(await fileItem(waiting)).toMatchObject({ status: 'indexing', error: null });
  });
});
