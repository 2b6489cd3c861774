import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDisabledUsers, type DisabledUsers } from '@vivier/service-kit';
import { eventually, testRedisUrl } from '@vivier/testkit';
import { createAccountStateCache } from './account-state-cache';

/**
 * The gateway's remembered account checks, on a real Redis: what reaches Redis is counted at the
 * real `DisabledUsers` it wraps. Answers live a minute here, so only the announcements (and the
 * subscription's state) decide what is asked again.
 */
let redis: Redis;
let accounts: DisabledUsers;
let prefix: string;
let reads = 0;
const stops: Array<() => Promise<void>> = [];

beforeAll(() => {
  redis = new Redis(testRedisUrl());
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});
afterAll(() => redis.disconnect());

async function startCache() {
  prefix = `gw-cache-${randomBytes(4).toString('hex')}:`;
  accounts = createDisabledUsers(redis, prefix);
  reads = 0;
  const subscriber = new Redis(testRedisUrl(), { connectionName: `${prefix}subscriber` });
  const subscriberId = Number(await subscriber.client('ID'));
  const cache = createAccountStateCache({
    accounts: {
      refusalFor: (caller) => {
        reads += 1;
        return accounts.refusalFor(caller);
      },
    },
    subscriber,
    prefix,
    entryTtlMs: 60_000,
  });
  await cache.start();
  stops.push(() => cache.stop());
  return { cache, subscriberId };
}

const caller = { id: 'usr_remembered', role: 'USER' as const, sessionId: 'ses_remembered' };

/** Whether a second check in a row is answered without Redis. */
async function isRemembered(cache: Awaited<ReturnType<typeof startCache>>['cache']) {
  await cache.refusalFor(caller);
  const before = reads;
  await cache.refusalFor(caller);
  return reads === before;
}

describe('the account state cache', () => {
  it('answers a remembered caller without Redis, and asks again at once when the account is disabled', async () => {
    const { cache } = await startCache();
    expect(await isRemembered(cache)).toBe(true);
    await accounts.mark(caller.id, true);
    expect(await eventually(async () => (await cache.refusalFor(caller)) === 'disabled', 2_000)).toBe(true);
  });

  it('goes back to remembering after its subscriber reconnects, refusing in between what Redis refuses', async () => {
    const { cache, subscriberId } = await startCache();
    expect(await isRemembered(cache)).toBe(true);
    await redis.client('KILL', 'ID', String(subscriberId));
    // While it is not subscribed again, a change written meanwhile is seen at once.
    await accounts.mark(caller.id, true);
    expect(await cache.refusalFor(caller)).toBe('disabled');
    await eventually(() => isRemembered(cache), 5_000);
    // And once subscribed again, announcements reach it.
    await accounts.mark(caller.id, false);
    expect(await eventually(async () => (await cache.refusalFor(caller)) === null, 2_000)).toBe(true);
  });
});
