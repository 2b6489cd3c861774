import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { createPrismaClient, type PrismaClient } from '@vivier/db';
import { fakeEmbedding, testDatabaseUrl, uniqueEmail } from '@vivier/testkit';
import { chunkText } from './chunk-text';
import { embeddingInput, toChunkRows } from './chunk-rows';
import { searchChunks } from './search-chunks';
import { prepareVectorStore, type VectorMode, type VectorSearchMode } from './vector-mode';

/**
 * Retrieval quality on a small labelled set (fixtures/retrieval-set.json): a dozen short documents
 * and twenty questions, mostly worded unlike the passage that answers them, each with the document
 * it should find. Prints recall@5 of the hybrid ranking and of each ranking alone; the floor is one
 * a broken retriever (wrong fusion, no vectors, wrong bases) cannot reach. It runs with the vectors
 * scored in the service (the fallback, always) and by pgvector (where `CREATE EXTENSION vector`
 * works; skipped with the reason printed elsewhere, e.g. in CI).
 */
interface LabelledSet {
  documents: Array<{ name: string; text: string }>;
  questions: Array<{ question: string; expected: string }>;
}
const set = JSON.parse(
  readFileSync(new URL('./fixtures/retrieval-set.json', import.meta.url), 'utf8'),
) as LabelledSet;

const RECALL_FLOOR = 0.85;
let prisma: PrismaClient;
let baseId: string;
let pgvector: VectorMode;
const fileIdByName = new Map<string, string>();

beforeAll(async () => {
  prisma = createPrismaClient(testDatabaseUrl());
  pgvector = await prepareVectorStore(prisma, { allowPgvector: true });
  if (pgvector.mode !== 'pgvector') console.log(`pgvector run skipped: ${pgvector.reason}`);
  const userId = newId('user');
  await prisma.user.create({ data: { id: userId, email: uniqueEmail('recall'), passwordHash: 'x' } });
  baseId = newId('knowledgeBase');
  await prisma.knowledgeBase.create({ data: { id: baseId, userId, name: 'Labelled set' } });
  for (const document of set.documents) {
    const fileId = newId('file');
    fileIdByName.set(document.name, fileId);
    await prisma.file.create({
      data: {
        id: fileId,
        userId,
        name: document.name,
        contentType: 'text/markdown',
        size: document.text.length,
        storageKey: `recall/${fileId}`,
      },
    });
    const chunks = chunkText(document.text);
    await prisma.knowledgeFile.create({
      data: {
        knowledgeBaseId: baseId,
        fileId,
        status: 'ready',
        chunks: chunks.length,
        indexedChunks: chunks.length,
      },
    });
    await prisma.knowledgeChunk.createMany({
      data: toChunkRows({
        knowledgeBaseId: baseId,
        fileId,
        chunks,
        vectors: chunks.map((chunk) => fakeEmbedding(embeddingInput(chunk))),
        newChunkId: () => newId('knowledgeChunk'),
      }),
    });
  }
});
afterAll(async () => {
  await prisma.knowledgeBase.deleteMany({ where: { id: baseId } });
  await prisma.$disconnect();
});

async function recallAt5(
  mode: 'hybrid' | 'full-text' | 'vector',
  vectors: VectorSearchMode,
): Promise<number> {
  let found = 0;
  for (const { question, expected } of set.questions) {
    const hits = await searchChunks(prisma, {
      baseIds: [baseId],
      // An empty full-text query matches nothing, leaving the vector ranking alone.
      query: mode === 'vector' ? '\u200b' : question,
      queryVector: mode === 'full-text' ? null : fakeEmbedding(question),
      limit: 5,
      vectors,
    });
    if (hits.some((hit) => hit.fileId === fileIdByName.get(expected))) found += 1;
  }
  return found / set.questions.length;
}

describe.each(['array', 'pgvector'] as const)('retrieval quality on the labelled set (%s)', (vectors) => {
  it(`reaches recall@5 ≥ ${RECALL_FLOOR} with hybrid search`, async ({ skip }) => {
    if (vectors === 'pgvector' && pgvector.mode !== 'pgvector') skip(pgvector.reason);
    const hybrid = await recallAt5('hybrid', vectors);
    const fullText = await recallAt5('full-text', vectors);
    const vector = await recallAt5('vector', vectors);
    console.log(
      `recall@5 (${vectors}) over ${set.questions.length} questions, ${set.documents.length} documents: ` +
        `hybrid ${hybrid.toFixed(2)}, full-text only ${fullText.toFixed(2)}, vectors only ${vector.toFixed(2)}`,
    );
    expect(hybrid).toBeGreaterThanOrEqual(RECALL_FLOOR);
    expect(hybrid).toBeGreaterThanOrEqual(fullText);
    // Vectors alone must carry real weight: a ranking that returned nothing would leave this at 0.
    expect(vector).toBeGreaterThan(0.5);
  });
});
