import type { ChatDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import type { KnowledgeQueue } from './knowledge-ingestion';

/** A file must have been quiet this long before its job is asked about (enqueueing takes a moment). */
const QUIET_MS = 60_000;
/** Files looked at per sweep. */
const BATCH = 100;
/** Job states in which the queue will still run the job. */
const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

export const INTERRUPTED_MESSAGE = 'Indexing was interrupted before it finished. Retry the file.';

/**
 * Files shown as queued or indexing whose job the queue will never run again (gone, failed after
 * a crash): marked `failed` with a reason, so the user sees it and can retry. Conditional on the
 * version, so a file re-added meanwhile is left alone. Returns how many were marked.
 */
export async function reconcileStuckFiles(deps: {
  db: Pick<ChatDb, 'knowledgeFile'>;
  queue: Pick<KnowledgeQueue, 'jobState'>;
  logger: Logger;
  quietMs?: number;
}): Promise<number> {
  const rows = await deps.db.knowledgeFile.findMany({
    where: {
      status: { in: ['queued', 'indexing'] },
      updatedAt: { lt: new Date(Date.now() - (deps.quietMs ?? QUIET_MS)) },
    },
    select: { knowledgeBaseId: true, fileId: true, version: true },
    orderBy: { updatedAt: 'asc' },
    take: BATCH,
  });
  let marked = 0;
  for (const row of rows) {
    if (LIVE_STATES.has(await deps.queue.jobState(row))) continue;
    const { count } = await deps.db.knowledgeFile.updateMany({
      where: { ...row, status: { in: ['queued', 'indexing'] } },
      data: { status: 'failed', error: INTERRUPTED_MESSAGE },
    });
    marked += count;
  }
  if (marked > 0) deps.logger.warn({ marked }, 'interrupted knowledge ingestions marked failed');
  return marked;
}
