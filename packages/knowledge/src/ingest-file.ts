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
  /** One embeddings call may take this long before it counts as a failed attempt. */
  embedTimeoutMs: number;
}

/** Which attempt this is: a transient failure before the last one is left to the queue to retry. */
export interface IngestAttempt {
  number: number;
  of: number;
}

/** A transient failure the queue should retry; the file shows it as queued with the reason. */
export class RetryableIngestError extends Error {}

/** A failure the user can act on; its message is shown beside the file. */
export class IngestError extends Error {}

export type IngestOutcome =
  | { outcome: 'ready'; chunks: number; dimensions: number }
  | { outcome: 'stale' }
  | { outcome: 'failed'; error: string };

/**
 * Extract → chunk → embed in batches (progress in `indexedChunks`) → swap the file's chunks in one
 * transaction, so searches see the old passages until the new ones are all there. Every write is
 * conditional on the job's version: a file re-added meanwhile is left to its newer job.
 * A failure of the embedding model (5xx, timeout) before the last attempt throws
 * RetryableIngestError for the queue to retry with backoff; at the last one, or for a problem of
 * the file itself, the file ends `failed` with a reason the user can read.
 */
export async function ingestKnowledgeFile(
  deps: IngestDeps,
  job: IngestJob,
  options: { signal?: AbortSignal; attempt?: IngestAttempt } = {},
): Promise<IngestOutcome> {
  const { signal, attempt = { number: 1, of: 1 } } = options;
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
          ? await deps.embedder.embed(
              batch.map(embeddingInput),
              AbortSignal.any([...(signal ? [signal] : []), AbortSignal.timeout(deps.embedTimeoutMs)]),
            )
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
    return swapped
      ? { outcome: 'ready', chunks: chunks.length, dimensions: vectors[0]?.length ?? 0 }
      : { outcome: 'stale' };
  } catch (error) {
    const message = userMessageOf(error, deps.embedTimeoutMs);
    if (isTransient(error) && attempt.number < attempt.of && !signal?.aborted) {
      await update({
        status: 'queued',
        error: `${message} Trying again (attempt ${attempt.number + 1} of ${attempt.of}).`,
      });
      throw new RetryableIngestError(message, { cause: error });
    }
    const final =
      isTransient(error) && attempt.of > 1 ? `${message} Gave up after ${attempt.of} attempts.` : message;
    await update({ status: 'failed', error: final });
    return { outcome: 'failed', error: final };
  }
}

/**
 * The model or the network failed, not the file: another attempt may succeed. A refusal by the
 * model (bad key, input too long: a 4xx the provider layer marks not retryable) would fail again.
 */
const isTransient = (error: unknown) =>
  !(error instanceof IngestError || error instanceof UnsupportedDocumentError) &&
  (isTimeout(error) || !isProviderError(error) || error.retryable);

const isTimeout = (error: unknown): boolean =>
  error instanceof Error &&
  (error.name === 'TimeoutError' || (error.cause !== undefined && isTimeout(error.cause)));

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

function userMessageOf(error: unknown, timeoutMs: number): string {
  if (error instanceof IngestError || error instanceof UnsupportedDocumentError) return error.message;
  if (isTimeout(error)) {
    return `The embedding model did not answer within ${Math.round(timeoutMs / 1000)} s.`;
  }
  if (isProviderError(error)) return `The embedding model failed: ${error.message}`;
  return 'Indexing failed on our side.';
}
