import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppError } from '@vivier/contracts';

const WINDOW_SECONDS = 15 * 60;

/**
 * Failed logins counted per email + IP in a fixed 15-minute window in Redis. Once the limit is
 * reached every further attempt is refused with 429 before the password is even checked, until
 * the window ends. A success clears the count.
 */
export function createLoginThrottle(deps: { redis: Redis; prefix: string; maxFailures: number }) {
  const keyFor = (email: string, ip: string) =>
    `${deps.prefix}login-failures:${createHash('sha256').update(`${email}\n${ip}`).digest('hex')}`;

  return {
    async assertAllowed(email: string, ip: string): Promise<void> {
      const key = keyFor(email, ip);
      const [failures, ttl] = await Promise.all([deps.redis.get(key), deps.redis.ttl(key)]);
      if (Number(failures ?? 0) >= deps.maxFailures) {
        const retryAfter = String(ttl > 0 ? ttl : WINDOW_SECONDS);
        throw new AppError('RATE_LIMITED', 'Too many failed logins; try again later', {
          headers: { 'retry-after': retryAfter },
        });
      }
    },
    async recordFailure(email: string, ip: string): Promise<void> {
      const key = keyFor(email, ip);
      // SET NX starts the window on the first failure; INCR never extends it.
      await deps.redis.multi().set(key, 0, 'EX', WINDOW_SECONDS, 'NX').incr(key).exec();
    },
    async clear(email: string, ip: string): Promise<void> {
      await deps.redis.del(keyFor(email, ip));
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
