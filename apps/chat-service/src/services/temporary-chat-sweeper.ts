import type { Redis } from 'ioredis';
import type { ChatDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import type { GenerationService } from './generation-service';

export interface TemporaryChatSweeperDeps {
  db: Pick<ChatDb, 'chat'>;
  generations: Pick<GenerationService, 'cancelRunningInChat'>;
  redis: Pick<Redis, 'set'>;
  redisPrefix: string;
  logger: Logger;
  now?: () => Date;
}

const BATCH_SIZE = 200;

/**
 * Deletes temporary chats idle for longer than `ttlMs`. The web app deletes a temporary chat when
 * the user leaves it; this catches the rest (a closed tab, a crash, an API client), so a
 * temporary chat never outlives its TTL by more than one sweep interval.
 */
export function createTemporaryChatSweeper(deps: TemporaryChatSweeperDeps, options: { ttlMs: number }) {
  const log = deps.logger.child({ component: 'temporary-chat-sweeper' });

  async function sweep(): Promise<number> {
    const cutoff = new Date((deps.now?.() ?? new Date()).getTime() - options.ttlMs);
    let total = 0;
    for (;;) {
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
      total += count;
      if (rows.length < BATCH_SIZE) break;
    }
    if (total > 0) log.info({ removed: total }, 'idle temporary chats deleted');
    return total;
  }

  /** Like the file sweeper: every `intervalMs`, on whichever replica takes the lock. Returns stop. */
  function schedule(intervalMs: number): () => void {
    const lockKey = `${deps.redisPrefix}temporary-chat-sweeper:lock`;
    const tick = async () => {
      try {
        const taken = await deps.redis.set(lockKey, '1', 'PX', Math.max(1_000, intervalMs - 1_000), 'NX');
        if (taken === 'OK') await sweep();
      } catch (error) {
        log.warn({ err: error }, 'temporary chat sweep failed; it will run again');
      }
    };
    const timer = setInterval(() => void tick(), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  return { sweep, schedule };
}
