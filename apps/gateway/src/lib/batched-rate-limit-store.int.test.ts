import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testRedisUrl } from '@vivier/testkit';
import { batchedRedisStore } from './batched-rate-limit-store';

let redis: Redis;
beforeAll(() => {
  redis = new Redis(testRedisUrl());
});
afterAll(() => redis.disconnect());

type Store = {
  incr(key: string, callback: (error: Error | null) => void, window: number, max: number): void;
};
const hit = (store: Store, key: string) =>
  new Promise<void>((resolve, reject) =>
    store.incr(key, (error) => (error ? reject(error) : resolve()), 60_000, 100),
  );

it('counts keys beyond the ones it tracks in Redis hit by hit, so a crowd of callers cannot grow it', async () => {
  const prefix = `gw-rate-${randomBytes(4).toString('hex')}:`;
  const { Store, stop } = batchedRedisStore(redis, prefix, { maxTrackedKeys: 1 });
  try {
    const store = new (Store as unknown as new () => Store)();
    await hit(store, 'busy'); // the one key it tracks
    // The map is full: every other key goes to Redis on each hit.
    for (let index = 1; index <= 3; index += 1) {
      await hit(store, `crowd-${index}`);
      await hit(store, `crowd-${index}`);
      expect(Number(await redis.get(`${prefix}crowd-${index}`))).toBe(2);
    }
  } finally {
    stop();
  }
});
