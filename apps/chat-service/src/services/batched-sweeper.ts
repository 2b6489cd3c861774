import type { Logger } from '@vivier/service-kit';
import { scheduleOnOneReplica, type ReplicaScheduleDeps } from './replica-schedule';

export interface BatchedSweeperDeps extends ReplicaScheduleDeps {
  now?: () => Date;
}

/**
 * A sweeper of rows older than `ttlMs`: `sweep` runs `sweepBatch` until a batch finds fewer than
 * `batchSize` candidates (a batch removes what it found, so the next one finds the rest) and
 * returns how many went; `schedule` runs it every `intervalMs` on one replica and returns stop.
 */
export function createBatchedSweeper(
  deps: BatchedSweeperDeps,
  log: Pick<Logger, 'info' | 'warn'>,
  options: {
    /** Names the replica lock. */
    name: string;
    ttlMs: number;
    batchSize: number;
    sweepBatch: (cutoff: Date) => Promise<{ found: number; removed: number }>;
    removedMessage: string;
    failureMessage: string;
  },
) {
  async function sweep(): Promise<number> {
    const cutoff = new Date((deps.now?.() ?? new Date()).getTime() - options.ttlMs);
    let total = 0;
    for (;;) {
      const { found, removed } = await options.sweepBatch(cutoff);
      total += removed;
      if (found < options.batchSize) break;
    }
    if (total > 0) log.info({ removed: total }, options.removedMessage);
    return total;
  }

  const schedule = (intervalMs: number) =>
    scheduleOnOneReplica(deps, log, {
      name: options.name,
      intervalMs,
      marginMs: 1_000,
      run: sweep,
      failureMessage: options.failureMessage,
    });

  return { sweep, schedule };
}
