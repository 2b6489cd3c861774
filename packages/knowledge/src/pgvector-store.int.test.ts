import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { createPrismaClient, Prisma, type PrismaClient } from '@vivier/db';
import { fakeEmbedding, testDatabaseUrl, uniqueEmail } from '@vivier/testkit';
import { searchChunks } from './search-chunks';
import { prepareVectorStore, readVectorMode, type VectorMode } from './vector-mode';

/**
 * The pgvector store where the server has the extension (skipped, with the reason, where
 * `CREATE EXTENSION vector` fails): the generated column follows `embedding`, the HNSW index of
 * the size is there and used, and passages of another embedding size are left out, not an error.
 */
let prisma: PrismaClient;
let mode: VectorMode;
let baseId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  prisma = createPrismaClient(testDatabaseUrl());
  mode = await prepareVectorStore(prisma, { allowPgvector: true });
  if (mode.mode !== 'pgvector') console.log(`pgvector tests skipped: ${mode.reason}`);
  const userId = newId('user');
  await prisma.user.create({ data: { id: userId, email: uniqueEmail('pgv'), passwordHash: 'x' } });
  baseId = newId('knowledgeBase');
  await prisma.knowledgeBase.create({ data: { id: baseId, userId, name: 'Vectors' } });
  const fileId = newId('file');
  await prisma.file.create({
    data: {
      id: fileId,
      userId,
      name: 'notes.md',
      contentType: 'text/markdown',
      size: 1,
      storageKey: `pgv/${fileId}`,
    },
  });
  await prisma.knowledgeFile.create({ data: { knowledgeBaseId: baseId, fileId, status: 'ready' } });
  const passages = {
    garage: 'Visitors park their cars in the north garage.',
    lunch: 'The canteen serves lunch from noon.',
    // Embedded by another model (8 dimensions): not comparable with a 256-dimension question.
    other: 'Cars of visitors go to the garage.',
  };
  for (const [key, content] of Object.entries(passages)) {
    const id = newId('knowledgeChunk');
    ids[key] = id;
    await prisma.knowledgeChunk.create({
      data: {
        id,
        knowledgeBaseId: baseId,
        fileId,
        ordinal: Object.keys(ids).length,
        content,
        embedding: key === 'other' ? fakeEmbedding(content, 8) : fakeEmbedding(content),
      },
    });
  }
  // The index of the 256 size may have been made before these rows: make sure it exists.
  if (mode.mode === 'pgvector') await prepareVectorStore(prisma, { allowPgvector: true });
});
afterAll(async () => {
  await prisma.knowledgeBase.deleteMany({ where: { id: baseId } });
  await prisma.$disconnect();
});

describe('the pgvector store', () => {
  it('is what retrieval uses once set up, and the forced fallback is not', async ({ skip }) => {
    if (mode.mode !== 'pgvector') skip(mode.reason);
    expect(await readVectorMode(prisma, { allowPgvector: true })).toBe('pgvector');
    expect(await readVectorMode(prisma, { allowPgvector: false })).toBe('array');
    expect(await prepareVectorStore(prisma, { allowPgvector: false })).toEqual({
      mode: 'array',
      reason: 'KNOWLEDGE_VECTORS=array',
    });
  });

  it('ranks by cosine through the HNSW index of the size, leaving other sizes out', async ({ skip }) => {
    if (mode.mode !== 'pgvector') skip(mode.reason);
    const question = fakeEmbedding('where do visitors leave the car');
    // A question with no full-text match: the order is the vectors' alone.
    const hits = await searchChunks(prisma, {
      baseIds: [baseId],
      query: '\u200b',
      queryVector: question,
      limit: 5,
      vectors: 'pgvector',
    });
    expect(hits[0]?.chunkId).toBe(ids.garage);
    expect(hits.map((hit) => hit.chunkId)).not.toContain(ids.other);

    const [column] = await prisma.$queryRaw<Array<{ dims: number }>>`
      SELECT vector_dims("embeddingVector") AS "dims" FROM "KnowledgeChunk" WHERE "id" = ${ids.garage}`;
    expect(column?.dims).toBe(256);
    // The planner takes the index when a scan of the table is made expensive (this table is tiny).
    const plan = await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT set_config('enable_seqscan', 'off', true)`;
      return tx.$queryRaw<Array<{ 'QUERY PLAN': string }>>(Prisma.sql`
        EXPLAIN SELECT "id" FROM "KnowledgeChunk"
        WHERE vector_dims("embeddingVector") = 256
        ORDER BY "embeddingVector"::vector(256) <=> ${`[${question.join(',')}]`}::vector(256) LIMIT 5`);
    });
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('KnowledgeChunk_embedding_hnsw_256');
  });
});
