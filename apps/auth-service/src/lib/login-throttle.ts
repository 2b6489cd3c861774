import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppError } from '@vivier/contracts';
import { verifyPassword } from './passwords';

const WINDOW_SECONDS = 15 * 60;

/**
 * Failed logins counted per email + IP in a fixed 15-minute window in Redis. Once the limit is
 * reached every further attempt is refused with 429 before the password is even checked, until
 * the window ends. A success clears the count.
 */
export function createLoginThrottle(deps: { redis: Redis; prefix: string; maxFailures: number }) {
  const keyFor = (email: string, ip: string) =>
    `${deps.prefix}login-failures:${createHash('sha256').update(`${email}\n${ip}`).digest('hex')}`;

  const throttle = {
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
    /**
     * A signed-in user proving it is them (change password, delete the account, turn two-factor
     * off): the password checked under the same window as logins. Whether it matched; the caller
     * picks the error.
     */
    async verifyPassword(key: string, ip: string, passwordHash: string, password: string): Promise<boolean> {
      await throttle.assertAllowed(key, ip);
      if (!(await verifyPassword(passwordHash, password))) {
        await throttle.recordFailure(key, ip);
        return false;
      }
      await throttle.clear(key, ip);
      return true;
    },
  };
  return throttle;
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
