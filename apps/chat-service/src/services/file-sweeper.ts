import type { ChatDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import type { FileStorage } from '@vivier/storage';
import { createBatchedSweeper, type BatchedSweeperDeps } from './batched-sweeper';

export interface FileSweeperDeps extends BatchedSweeperDeps {
  db: Pick<ChatDb, 'file'>;
  storage: Pick<FileStorage, 'delete'>;
  logger: Logger;
}

export interface FileSweeperOptions {
  /** How long an upload may wait for a message before it is removed. */
  unattachedTtlMs: number;
  /** Files removed per batch (one query and one delete per batch). */
  batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 200;

/**
 * Removes uploads no message holds: files uploaded and never sent (a chip removed without
 * DELETE, a tab closed before sending), and files whose chat was deleted (its messages went,
 * and with them the only way to reach the file), and, without waiting for the TTL, files whose
 * owner deleted the account. Rows first, so no reader finds a file without
 * bytes; then the bytes. There is no file browser to show them in, so keeping them would only
 * keep user data around for nothing.
 */
export function createFileSweeper(deps: FileSweeperDeps, options: FileSweeperOptions) {
  const log = deps.logger.child({ component: 'file-sweeper' });
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;

  /** One batch: how many candidates it found and how many files it removed. */
  async function sweepBatch(cutoff: Date): Promise<{ found: number; removed: number }> {
    const rows = await deps.db.file.findMany({
      // A file in a knowledge base is in use though no message holds it.
      where: {
        OR: [{ messageId: null, createdAt: { lt: cutoff }, knowledgeFiles: { none: {} } }, { userId: null }],
      },
      select: { id: true, storageKey: true },
      orderBy: { createdAt: 'asc' },
      take: batchSize,
    });
    if (rows.length === 0) return { found: 0, removed: 0 };
    const ids = rows.map((row) => row.id);
    // Still unattached at delete time: a message that took one of them meanwhile keeps it. A file
    // without an owner (the account was deleted) goes whatever it is attached to.
    await deps.db.file.deleteMany({
      where: { id: { in: ids }, OR: [{ messageId: null, knowledgeFiles: { none: {} } }, { userId: null }] },
    });
    const kept = new Set(
      (await deps.db.file.findMany({ where: { id: { in: ids } }, select: { id: true } })).map(
        (row) => row.id,
      ),
    );
    const gone = rows.filter((row) => !kept.has(row.id));
    for (const row of gone) {
      await deps.storage
        .delete(row.storageKey)
        .catch((error: unknown) =>
          log.error({ err: error, storageKey: row.storageKey }, 'could not delete swept file bytes'),
        );
    }
    return { found: rows.length, removed: gone.length };
  }

  return createBatchedSweeper(deps, log, {
    name: 'file-sweeper',
    ttlMs: options.unattachedTtlMs,
    batchSize,
    sweepBatch,
    removedMessage: 'unattached uploads removed',
    failureMessage: 'file sweep failed; it will run again',
  });
}
