import { afterAll, describe, expect, it } from 'vitest';
import { createBus } from './create-bus';
import { makeEvent } from './make-event';
import { connectRedis, deleteKeys, randomPrefix } from './test-support';
import { trimAcknowledged } from './trim-acknowledged';

const prefix = randomPrefix();
const redis = connectRedis();
const bus = createBus({ redis, prefix });

afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

const event = () => makeEvent('user.registered', { userId: 'usr_1', email: 'user@example.com' });

async function publishMany(stream: string, count: number): Promise<string[]> {
  const pipeline = redis.pipeline();
  const body = JSON.stringify(event());
  for (let index = 0; index < count; index += 1) pipeline.xadd(prefix + stream, '*', 'event', body);
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([, id]) => String(id));
}

async function readAs(stream: string, group: string, count: number): Promise<string[]> {
  const reply = (await redis.xreadgroup(
    'GROUP',
    group,
    'c1',
    'COUNT',
    count,
    'STREAMS',
    prefix + stream,
    '>',
  )) as Array<[string, Array<[string, string[]]>]> | null;
  return (reply?.[0]?.[1] ?? []).map(([id]) => id);
}

describe('trimming a work stream', () => {
  it('is not capped at publish: unread entries are all kept', async () => {
    for (let index = 0; index < 120; index += 1) await bus.publish('uncapped', event());
    expect(await redis.xlen(`${prefix}uncapped`)).toBe(120);
  });

  it('removes only what every group has acknowledged, never an unread or unacked entry', async () => {
    const ids = await publishMany('work', 400);
    await redis.xgroup('CREATE', `${prefix}work`, 'fast', '0');
    await redis.xgroup('CREATE', `${prefix}work`, 'slow', '0');
    const fastRead = await readAs('work', 'fast', 400);
    await redis.xack(`${prefix}work`, 'fast', ...fastRead);
    // The slow group has read 300 and acked 250 (an outage, then a backlog).
    const slowRead = await readAs('work', 'slow', 300);
    await redis.xack(`${prefix}work`, 'slow', ...slowRead.slice(0, 250));

    const removed = await trimAcknowledged(redis, `${prefix}work`);

    expect(removed).toBeGreaterThan(0);
    const left = (await redis.xrange(`${prefix}work`, '-', '+')).map(([id]) => id);
    // Everything from the slow group's oldest unacked entry on is still there, in order.
    expect(left.slice(-150)).toEqual(ids.slice(250));
    expect(left.length).toBe(400 - removed);
  });

  it('keeps everything while a group has read nothing, or when no group exists', async () => {
    await publishMany('outage', 300);
    expect(await trimAcknowledged(redis, `${prefix}outage`)).toBe(0);
    await redis.xgroup('CREATE', `${prefix}outage`, 'down', '0');
    expect(await trimAcknowledged(redis, `${prefix}outage`)).toBe(0);
    expect(await redis.xlen(`${prefix}outage`)).toBe(300);
  });
});
