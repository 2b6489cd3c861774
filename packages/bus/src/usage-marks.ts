import type { Redis } from 'ioredis';
import { generationKeys } from './generation-lifecycle';

const MARK_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * Remembers which generations already had `usage.recorded` published. The mark is written after
 * the publish, so a crash in between republishes on redelivery (billing is idempotent on the
 * generation id) rather than losing the usage; a redelivery after a clean finish publishes nothing.
 */
export function createUsageMarks(deps: { redis: Redis; prefix: string }) {
  const key = (generationId: string) => generationKeys.usageMark(deps.prefix, generationId);
  return {
    async isMarked(generationId: string): Promise<boolean> {
      return (await deps.redis.exists(key(generationId))) === 1;
    },
    async mark(generationId: string): Promise<void> {
      await deps.redis.set(key(generationId), '1', 'EX', MARK_TTL_SECONDS);
    },
  };
}

export type UsageMarks = ReturnType<typeof createUsageMarks>;
