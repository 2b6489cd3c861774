import type { Redis } from 'ioredis';
import type { Logger } from '@vivier/service-kit';

/** What a periodic job needs to take its lock: the shared Redis and this deployment's key prefix. */
export interface ReplicaScheduleDeps {
  redis: Pick<Redis, 'set'>;
  redisPrefix: string;
}

/**
 * Runs `job.run` every `intervalMs` on whichever replica takes the Redis lock
 * `<prefix><job.name>:lock` for that period. The lock expires `job.marginMs` before the next
 * period, so a crashed holder does not stop the work and two periods never overlap. A failure is
 * logged as `job.failureMessage` and the next period tries again. Returns stop.
 */
export function scheduleOnOneReplica(
  deps: ReplicaScheduleDeps,
  log: Pick<Logger, 'warn'>,
  job: {
    name: string;
    intervalMs: number;
    marginMs: number;
    run: () => Promise<unknown>;
    failureMessage: string;
  },
): () => void {
  const { intervalMs, marginMs } = job;
  const lockKey = `${deps.redisPrefix}${job.name}:lock`;
  const tick = async () => {
    try {
      const taken = await deps.redis.set(lockKey, '1', 'PX', Math.max(marginMs, intervalMs - marginMs), 'NX');
      if (taken === 'OK') await job.run();
    } catch (error) {
      log.warn({ err: error }, job.failureMessage);
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
