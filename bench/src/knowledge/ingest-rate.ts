// Knowledge ingestion rate (issue 18): chunks per second through the whole job — extract, chunk,
// embed over HTTP (the fake LLM's embeddings endpoint, so the model's own speed is left out),
// and the transactional swap into PostgreSQL. A measurement, not a test: it prints and exits.
//   pnpm --filter @vivier/bench bench:knowledge [--files 20] [--paragraphs 200]
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { newId } from '@vivier/contracts';
import { createPrismaClient, dropDatabase, ensureDatabase, migrateDatabase } from '@vivier/db';
import { createEmbedder, ingestKnowledgeFile } from '@vivier/knowledge';
import { createProviderRegistry, providersFromEnv } from '@vivier/providers';
import { startFakeLlm } from '@vivier/testkit';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '20' },
    paragraphs: { type: 'string', default: '200' },
  },
});
const fileCount = Number(values.files);
const paragraphsPerFile = Number(values.paragraphs);

const server = new URL(
  process.env.TEST_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgresql://postgres@127.0.0.1:5432/postgres',
);
server.pathname = `/vivier_bench_knowledge_${randomBytes(3).toString('hex')}`;
const databaseUrl = server.toString();

const WORDS =
  'policy staff vacation travel receipt laptop parking garage refund shipping order customer account password insurance doctor fleet vehicle kitchen fridge'.split(
    ' ',
  );
function document(seed: number): string {
  const parts: string[] = [];
  for (let index = 0; index < paragraphsPerFile; index += 1) {
    if (index % 10 === 0) parts.push(`# Section ${index / 10 + 1}`);
    const words = Array.from(
      { length: 60 },
      (_, word) => WORDS[(seed * 31 + index * 7 + word * 13) % WORDS.length],
    );
    parts.push(`${words.join(' ')}.`);
  }
  return parts.join('\n\n');
}

await ensureDatabase(databaseUrl);
await migrateDatabase(databaseUrl);
const prisma = createPrismaClient(databaseUrl);
const fake = await startFakeLlm({ tokenDelayMs: 0 });
try {
  const registry = createProviderRegistry(
    providersFromEnv({ OPENAI_COMPATIBLE_BASE_URL: fake.openaiBaseUrl }),
  );
  const embedder = createEmbedder(registry, { provider: 'openai-compatible', model: 'fake-embedding' });
  const userId = newId('user');
  await prisma.user.create({
    data: { id: userId, email: `bench-${userId}@example.test`, passwordHash: 'x' },
  });
  const baseId = newId('knowledgeBase');
  await prisma.knowledgeBase.create({ data: { id: baseId, userId, name: 'Bench' } });
  const bytes = new Map<string, Buffer>();
  const files: string[] = [];
  for (let index = 0; index < fileCount; index += 1) {
    const fileId = newId('file');
    const text = Buffer.from(document(index));
    bytes.set(fileId, text);
    await prisma.file.create({
      data: {
        id: fileId,
        userId,
        name: `doc-${index}.md`,
        contentType: 'text/markdown',
        size: text.length,
        storageKey: fileId,
      },
    });
    await prisma.knowledgeFile.create({ data: { knowledgeBaseId: baseId, fileId } });
    files.push(fileId);
  }
  const deps = {
    db: prisma,
    readBytes: async (key: string) => bytes.get(key)!,
    embedder,
    newChunkId: () => newId('knowledgeChunk'),
    // chat-service's default (KNOWLEDGE_EMBED_TIMEOUT_MS): the local fake answers long before it.
    embedTimeoutMs: 60_000,
  };
  const startedAt = performance.now();
  let chunks = 0;
  for (const fileId of files) {
    const result = await ingestKnowledgeFile(deps, { knowledgeBaseId: baseId, fileId, version: 1 });
    if (result.outcome !== 'ready') throw new Error(`ingestion ${result.outcome}`);
    chunks += result.chunks;
  }
  const seconds = (performance.now() - startedAt) / 1000;
  console.log(
    `ingested ${fileCount} files, ${chunks} chunks in ${seconds.toFixed(2)} s: ${(chunks / seconds).toFixed(0)} chunks/s ` +
      `(one job at a time; embeddings from the local fake LLM)`,
  );
} finally {
  await prisma.$disconnect();
  await fake.close();
  await dropDatabase(databaseUrl);
}
