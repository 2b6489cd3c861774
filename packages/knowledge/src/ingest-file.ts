import { KNOWLEDGE_CHUNKS_MAX_PER_FILE, KNOWLEDGE_FILE_MAX_BYTES } from '@vivier/contracts';
import type { ChatDb } from '@vivier/db';
import { isProviderError } from '@vivier/providers';
import { EMBED_BATCH_SIZE, type Embedder } from './embedder';
import { chunkText, type TextChunk } from './chunk-text';
import { embeddingInput, toChunkRows } from './chunk-rows';
import { extractText, UnsupportedDocumentError } from './extract-text';

export interface IngestJob {
  knowledgeBaseId: string;
  fileId: string;
  /** The KnowledgeFile version this job indexes; a re-add bumps it and this job stops. */
  version: number;
}

export interface IngestDeps {
  db: Pick<ChatDb, 'file' | 'knowledgeFile' | 'knowledgeChunk' | '$transaction'>;
  readBytes: (storageKey: string) => Promise<Buffer>;
  embedder: Embedder | null;
  newChunkId: () => string;
}

/** A failure the user can act on; its message is shown beside the file. */
export class IngestError extends Error {}

export type IngestOutcome =
  { outcome: 'ready'; chunks: number } | { outcome: 'stale' } | { outcome: 'failed'; error: string };

/**
 * Extract → chunk → embed in batches (progress in `indexedChunks`) → swap the file's chunks in one
 * transaction, so searches see the old passages until the new ones are all there. Every write is
 * conditional on the job's version: a file re-added meanwhile is left to its newer job.
 */
export async function ingestKnowledgeFile(
  deps: IngestDeps,
  job: IngestJob,
  signal?: AbortSignal,
): Promise<IngestOutcome> {
  const key = { knowledgeBaseId: job.knowledgeBaseId, fileId: job.fileId, version: job.version };
  const update = async (data: Parameters<IngestDeps['db']['knowledgeFile']['updateMany']>[0]['data']) =>
    (await deps.db.knowledgeFile.updateMany({ where: key, data })).count === 1;

  if (!(await update({ status: 'indexing', chunks: 0, indexedChunks: 0, error: null })))
    return { outcome: 'stale' };
  try {
    const chunks = await readChunks(deps, job.fileId);
    if (!(await update({ chunks: chunks.length }))) return { outcome: 'stale' };
    const vectors: number[][] = [];
    for (let start = 0; start < chunks.length; start += EMBED_BATCH_SIZE) {
      signal?.throwIfAborted();
      const batch = chunks.slice(start, start + EMBED_BATCH_SIZE);
      vectors.push(
        ...(deps.embedder
          ? await deps.embedder.embed(batch.map(embeddingInput), signal)
          : batch.map(() => [])),
      );
      if (!(await update({ indexedChunks: vectors.length }))) return { outcome: 'stale' };
    }
    const swapped = await deps.db.$transaction(async (tx) => {
      const marked = await tx.knowledgeFile.updateMany({
        where: key,
        data: { status: 'ready', indexedChunks: chunks.length },
      });
      if (marked.count !== 1) return false;
      await tx.knowledgeChunk.deleteMany({
        where: { knowledgeBaseId: job.knowledgeBaseId, fileId: job.fileId },
      });
      await tx.knowledgeChunk.createMany({
        data: toChunkRows({
          knowledgeBaseId: job.knowledgeBaseId,
          fileId: job.fileId,
          chunks,
          vectors,
          newChunkId: deps.newChunkId,
        }),
      });
      return true;
    });
    return swapped ? { outcome: 'ready', chunks: chunks.length } : { outcome: 'stale' };
  } catch (error) {
    const message = userMessageOf(error);
    await update({ status: 'failed', error: message });
    return { outcome: 'failed', error: message };
  }
}

async function readChunks(deps: IngestDeps, fileId: string): Promise<TextChunk[]> {
  const file = await deps.db.file.findUnique({
    where: { id: fileId },
    select: { name: true, contentType: true, size: true, storageKey: true, extractedText: true },
  });
  if (!file) throw new IngestError('The file no longer exists.');
  if (file.size > KNOWLEDGE_FILE_MAX_BYTES) {
    throw new IngestError(`The file is larger than ${KNOWLEDGE_FILE_MAX_BYTES / 1024 / 1024} MiB.`);
  }
  const text = await extractText({
    bytes: await deps.readBytes(file.storageKey),
    contentType: file.contentType,
    name: file.name,
    pdfText: file.extractedText,
  });
  const chunks = chunkText(text);
  if (chunks.length === 0) throw new IngestError('The file has no text to index.');
  if (chunks.length > KNOWLEDGE_CHUNKS_MAX_PER_FILE) {
    throw new IngestError(`The file is too long: more than ${KNOWLEDGE_CHUNKS_MAX_PER_FILE} passages.`);
  }
  return chunks;
}

function userMessageOf(error: unknown): string {
  if (error instanceof IngestError || error instanceof UnsupportedDocumentError) return error.message;
  if (isProviderError(error)) {
    return 'The embedding model could not be reached; add the file again to retry.';
  }
  return 'Indexing failed; add the file again to retry.';
}
