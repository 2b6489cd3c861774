import type { ChatDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import type { GenerationService } from './generation-service';
import { createBatchedSweeper, type BatchedSweeperDeps } from './batched-sweeper';

export interface TemporaryChatSweeperDeps extends BatchedSweeperDeps {
  db: Pick<ChatDb, 'chat'>;
  generations: Pick<GenerationService, 'cancelRunningInChat'>;
  logger: Logger;
}

const BATCH_SIZE = 200;

/**
 * Deletes temporary chats idle for longer than `ttlMs`. The web app deletes a temporary chat when
 * the user leaves it; this catches the rest (a closed tab, a crash, an API client), so a
 * temporary chat never outlives its TTL by more than one sweep interval.
 */
export function createTemporaryChatSweeper(deps: TemporaryChatSweeperDeps, options: { ttlMs: number }) {
  const log = deps.logger.child({ component: 'temporary-chat-sweeper' });

  async function sweepBatch(cutoff: Date): Promise<{ found: number; removed: number }> {
    const rows = await deps.db.chat.findMany({
      where: { temporary: true, updatedAt: { lt: cutoff } },
      select: { id: true },
      orderBy: { updatedAt: 'asc' },
      take: BATCH_SIZE,
    });
    for (const row of rows) await deps.generations.cancelRunningInChat(row.id);
    // Still idle at delete time: a message sent meanwhile keeps the chat for another TTL.
    const { count } = await deps.db.chat.deleteMany({
      where: { id: { in: rows.map((row) => row.id) }, temporary: true, updatedAt: { lt: cutoff } },
    });
    return { found: rows.length, removed: count };
  }

  return createBatchedSweeper(deps, log, {
    name: 'temporary-chat-sweeper',
    ttlMs: options.ttlMs,
    batchSize: BATCH_SIZE,
    sweepBatch,
    removedMessage: 'idle temporary chats deleted',
    failureMessage: 'temporary chat sweep failed; it will run again',
  });
}
