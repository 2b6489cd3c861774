import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { newId } from '@vivier/contracts';
import type { ChatDb } from '@vivier/db';
import {
  ensureVectorIndex,
  ingestKnowledgeFile,
  type Embedder,
  type IngestJob,
  type VectorSearchMode,
} from '@vivier/knowledge';
import type { Logger } from '@vivier/service-kit';
import { readAll, type FileStorage } from '@vivier/storage';
import { reconcileStuckFiles } from './knowledge-reconcile';

export const KNOWLEDGE_QUEUE = 'knowledge-ingest';

/** One file's whole ingestion (extract, embed every batch, swap) may take this long at most. */
const INGEST_TIMEOUT_MS = 10 * 60_000;
/** How often files left queued/indexing by a lost job are looked for. */
const RECONCILE_EVERY_MS = 60_000;

const ingestJobId = (job: IngestJob) => `ingest-${job.knowledgeBaseId}-${job.fileId}-${job.version}`;

/**
 * Ingestion jobs on BullMQ: one job per (base, file, version). A re-add or a retry queues a new
 * version; the older job notices its version is gone and stops. A failing embedding model is
 * retried `attempts` times with exponential backoff; the file shows each reason.
 */
export function createKnowledgeQueue(deps: {
  connection: ConnectionOptions;
  prefix: string;
  attempts?: number;
  backoffMs?: number;
}) {
  const queue = new Queue<IngestJob>(KNOWLEDGE_QUEUE, {
    connection: deps.connection,
    prefix: `${deps.prefix}bull`,
  });
  return {
    async enqueue(job: IngestJob): Promise<void> {
      await queue.add('ingest', job, {
        jobId: ingestJobId(job),
        attempts: deps.attempts ?? 3,
        backoff: { type: 'exponential', delay: deps.backoffMs ?? 5_000 },
        removeOnComplete: true,
        removeOnFail: { age: 24 * 60 * 60 },
      });
    },
    /** The job's state: waiting, active, delayed, failed, … or `missing` once it is gone. */
    async jobState(job: IngestJob): Promise<string> {
      const found = await queue.getJob(ingestJobId(job));
      return found ? await found.getState() : 'missing';
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
  embedTimeoutMs: number;
  queue: Pick<KnowledgeQueue, 'jobState'>;
  vectors: () => VectorSearchMode;
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
          embedTimeoutMs: deps.embedTimeoutMs,
        },
        job.data,
        { signal, attempt: { number: job.attemptsMade + 1, of: job.opts.attempts ?? 1 } },
      );
      if (result.outcome === 'ready' && deps.vectors() === 'pgvector') {
        // The file is ready already: a failed index must not fail the job, whose retry would embed
        // the file again. Without the index the search is exact, just slower; the next file retries.
        await ensureVectorIndex(deps.db, result.dimensions).catch((error: unknown) =>
          log.warn(
            { ...job.data, dimensions: result.dimensions, err: error },
            'could not create the vector index',
          ),
        );
      }
      log.info(
        { ...job.data, ...result, ms: Math.round(performance.now() - startedAt) },
        'knowledge file ingestion ended',
      );
    },
    { connection: deps.connection, prefix: `${deps.prefix}bull`, concurrency: deps.concurrency },
  );
  worker.on('failed', (job, error) =>
    log.warn(
      { ...job?.data, attemptsMade: job?.attemptsMade, err: error },
      'knowledge ingestion attempt failed',
    ),
  );
  // BullMQ reports connection trouble here; without a listener it would be an unhandled 'error'.
  worker.on('error', (error) => log.warn({ err: error }, 'knowledge ingestion worker error'));

  // A job lost to a crash (its lock expired and the stall limit was reached) never runs again:
  // its file would stay queued/indexing forever without this sweep.
  const reconcile = () =>
    reconcileStuckFiles({ db: deps.db, queue: deps.queue, logger: log }).catch((error: unknown) =>
      log.warn({ err: error }, 'could not look for interrupted knowledge ingestions'),
    );
  void reconcile();
  const timer = setInterval(() => void reconcile(), RECONCILE_EVERY_MS);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      closing.abort();
      await worker.close();
    },
  };
}
