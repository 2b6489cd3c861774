import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { newId } from '@vivier/contracts';
import type { ChatDb } from '@vivier/db';
import { ingestKnowledgeFile, type Embedder, type IngestJob } from '@vivier/knowledge';
import type { Logger } from '@vivier/service-kit';
import { readAll, type FileStorage } from '@vivier/storage';

export const KNOWLEDGE_QUEUE = 'knowledge-ingest';

/** One file's whole ingestion (extract, embed every batch, swap) may take this long at most. */
const INGEST_TIMEOUT_MS = 10 * 60_000;

/**
 * Ingestion jobs on BullMQ: one job per (base, file, version). A re-add queues a new version; the
 * older job notices its version is gone and stops. Failures are written on the file's row for the
 * user to see (and re-add), not retried blindly.
 */
export function createKnowledgeQueue(deps: { connection: ConnectionOptions; prefix: string }) {
  const queue = new Queue<IngestJob>(KNOWLEDGE_QUEUE, {
    connection: deps.connection,
    prefix: `${deps.prefix}bull`,
  });
  return {
    async enqueue(job: IngestJob): Promise<void> {
      await queue.add('ingest', job, {
        jobId: `ingest-${job.knowledgeBaseId}-${job.fileId}-${job.version}`,
        removeOnComplete: true,
        removeOnFail: { age: 24 * 60 * 60 },
      });
    },
    jobCounts: () => queue.getJobCounts('waiting', 'active', 'delayed', 'failed'),
    close: () => queue.close(),
  };
}
export type KnowledgeQueue = ReturnType<typeof createKnowledgeQueue>;

export interface IngestionWorkerDeps {
  connection: ConnectionOptions;
  prefix: string;
  concurrency: number;
  db: ChatDb;
  storage: Pick<FileStorage, 'get'>;
  embedder: Embedder | null;
  logger: Logger;
}

export function startIngestionWorker(deps: IngestionWorkerDeps) {
  const closing = new AbortController();
  const log = deps.logger.child({ component: 'knowledge-ingestion' });
  const worker = new Worker<IngestJob>(
    KNOWLEDGE_QUEUE,
    async (job) => {
      const signal = AbortSignal.any([closing.signal, AbortSignal.timeout(INGEST_TIMEOUT_MS)]);
      const startedAt = performance.now();
      const result = await ingestKnowledgeFile(
        {
          db: deps.db,
          readBytes: (key) => readAll(deps.storage, key),
          embedder: deps.embedder,
          newChunkId: () => newId('knowledgeChunk'),
        },
        job.data,
        signal,
      );
      log.info(
        { ...job.data, ...result, ms: Math.round(performance.now() - startedAt) },
        'knowledge file ingestion ended',
      );
    },
    { connection: deps.connection, prefix: `${deps.prefix}bull`, concurrency: deps.concurrency },
  );
  worker.on('failed', (job, error) =>
    log.warn({ ...job?.data, err: error }, 'knowledge ingestion job failed'),
  );
  // BullMQ reports connection trouble here; without a listener it would be an unhandled 'error'.
  worker.on('error', (error) => log.warn({ err: error }, 'knowledge ingestion worker error'));
  return {
    async close() {
      closing.abort();
      await worker.close();
    },
  };
}
