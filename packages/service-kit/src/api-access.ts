import type { Redis } from 'ioredis';

const apiAccessKey = (prefix: string) => `${prefix}api-access:disabled`;

/**
 * Whether an admin has turned the OpenAI-compatible API (`/v1`) off. admin-service owns the
 * setting (a row, audited) and mirrors it here, as auth-service mirrors disabled users, so the
 * gateway checks it on every /v1 request with one Redis read: turning it off bites at once.
 * admin-service writes the mirror again whenever it starts, so a lost Redis heals on the next boot.
 */
export function createApiAccessMirror(redis: Redis, prefix: string) {
  return {
    async mirror(enabled: boolean): Promise<void> {
      if (enabled) await redis.del(apiAccessKey(prefix));
      else await redis.set(apiAccessKey(prefix), '1');
    },
    async isDisabled(): Promise<boolean> {
      return (await redis.exists(apiAccessKey(prefix))) === 1;
    },
  };
}

export type ApiAccessMirror = ReturnType<typeof createApiAccessMirror>;
