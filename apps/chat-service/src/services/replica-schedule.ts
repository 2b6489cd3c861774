import type { Redis } from 'ioredis';

/**
 * Runs `run` every `intervalMs` on whichever replica takes the Redis lock for that period. The
 * lock expires `marginMs` before the next period, so a crashed holder does not stop the work and
 * two periods never overlap. A failure is reported and the next period tries again. Returns stop.
 */
export function scheduleOnOneReplica(options: {
  redis: Pick<Redis, 'set'>;
  lockKey: string;
  intervalMs: number;
  marginMs: number;
  run: () => Promise<unknown>;
  onError: (error: unknown) => void;
}): () => void {
  const { intervalMs, marginMs } = options;
  const tick = async () => {
    try {
      const taken = await options.redis.set(
        options.lockKey,
        '1',
        'PX',
        Math.max(marginMs, intervalMs - marginMs),
        'NX',
      );
      if (taken === 'OK') await options.run();
    } catch (error) {
      options.onError(error);
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
