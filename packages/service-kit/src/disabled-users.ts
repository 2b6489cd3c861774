import type { Redis } from 'ioredis';

/**
 * Disabled users, mirrored into Redis by auth-service so the gateway can refuse their still-valid
 * access tokens at once instead of waiting up to 15 minutes for them to expire.
 */
export const disabledUserKey = (prefix: string, userId: string) => `${prefix}disabled-user:${userId}`;

export function createDisabledUsers(redis: Redis, prefix: string) {
  return {
    async mark(userId: string, disabled: boolean): Promise<void> {
      if (disabled) await redis.set(disabledUserKey(prefix, userId), '1');
      else await redis.del(disabledUserKey(prefix, userId));
    },
    async isDisabled(userId: string): Promise<boolean> {
      return (await redis.exists(disabledUserKey(prefix, userId))) === 1;
    },
  };
}

export type DisabledUsers = ReturnType<typeof createDisabledUsers>;
