import { Redis } from 'ioredis';
import type { GatewayDeps } from './app';
import type { GatewayEnv } from './env';

/** The composition root: the gateway's one connection, closed after the app on shutdown. */
export function createDeps(env: GatewayEnv): GatewayDeps & { close(): Promise<void> } {
  // Every API request makes two small Redis calls (disabled users, rate limit): auto-pipelining
  // sends the calls of requests that arrive in the same tick as one write.
  const redis = new Redis(env.REDIS_URL, { enableAutoPipelining: true });
  return {
    redis,
    close: async () => {
      redis.disconnect();
    },
  };
}
