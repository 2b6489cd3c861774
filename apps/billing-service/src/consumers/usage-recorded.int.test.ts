import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createBus, makeEvent, type Bus, type Consumer } from '@vivier/bus';
import { newId, busStreamNames } from '@vivier/contracts';
import { createPrismaClient, type PrismaClient } from '@vivier/db';
import { createLogger } from '@vivier/service-kit';
import { captureLogs, eventually, testDatabaseUrl, testRedisUrl, uniqueRedisPrefix } from '@vivier/testkit';
import { createUsageLedger } from '../services/usage-ledger';
import { BILLING_CONSUMER_GROUP, startUsageRecordedConsumer } from './usage-recorded';

let prisma: PrismaClient;
let redis: Redis;
const running: Consumer[] = [];
const logs = captureLogs();
const logger = createLogger({ name: 'billing-service', level: 'debug', stream: logs.stream });

beforeAll(() => {
  prisma = createPrismaClient(testDatabaseUrl());
  redis = new Redis(testRedisUrl());
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((consumer) => consumer.stop()));
});
afterAll(async () => {
  redis.disconnect();
  await prisma.$disconnect();
});

function start(bus: Bus, claimIdleMs?: number) {
  const consumer = startUsageRecordedConsumer({
    bus,
    ledger: createUsageLedger({ db: prisma, logger }),
    consumer: `test-${newId('request')}`,
    logger,
    ...(claimIdleMs === undefined ? {} : { claimIdleMs }),
  });
  running.push(consumer);
  return consumer;
}

async function createUser() {
  const user = await prisma.user.create({
    data: { id: newId('user'), email: `${newId('user')}@ledger.test`, passwordHash: 'x' },
  });
  return user.id;
}

function usageEvent(userId: string, overrides: { occurredAt?: string; costMicros?: number } = {}) {
  const event = makeEvent('usage.recorded', {
    generationId: newId('generation'),
    userId,
    chatId: newId('chat'),
    provider: 'anthropic',
    model: 'claude-test',
    inputTokens: 1200,
    outputTokens: 345,
    costMicros: overrides.costMicros ?? 6_789,
  });
  return overrides.occurredAt ? { ...event, occurredAt: overrides.occurredAt } : event;
}

async function pendingCount(bus: Bus): Promise<number> {
  const [count] = (await redis.xpending(bus.streamKey(busStreamNames.events), BILLING_CONSUMER_GROUP)) as [
    number,
  ];
  return count;
}

/** Every entry of the stream delivered to the group and acked. */
async function drained(bus: Bus): Promise<boolean> {
  const groups = (await redis.xinfo('GROUPS', bus.streamKey(busStreamNames.events))) as unknown[][];
  const group = groups.map((fields) =>
    Object.fromEntries(
      Array.from({ length: fields.length / 2 }, (_, i) => [fields[2 * i], fields[2 * i + 1]]),
    ),
  );
  const billing = group.find((info) => info.name === BILLING_CONSUMER_GROUP);
  const [last] = await redis.xrevrange(bus.streamKey(busStreamNames.events), '+', '-', 'COUNT', 1);
  return billing?.['last-delivered-id'] === last?.[0] && (await pendingCount(bus)) === 0;
}

describe('usage.recorded consumer', () => {
  it('writes one UsageEntry per generation however often the event is published, and ignores other events', async () => {
    const bus = createBus({ redis, prefix: uniqueRedisPrefix('billing-ledger') });
    const userId = await createUser();
    const occurredAt = '2026-11-03T10:20:30.456Z';
    const event = usageEvent(userId, { occurredAt });
    await bus.publish(busStreamNames.events, event);
    await bus.publish(
      busStreamNames.events,
      makeEvent('user.registered', { userId, email: 'someone@example.test' }),
    );
    await bus.publish(busStreamNames.events, event); // published twice (a retrying publisher)
    await bus.publish(busStreamNames.events, { ...event, id: 'evt_other_envelope' }); // the same generation again
    const consumer = start(bus);
    await consumer.ready;
    await eventually(() => drained(bus));

    const entries = await prisma.usageEntry.findMany({ where: { userId } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      generationId: event.data.generationId,
      chatId: event.data.chatId,
      provider: 'anthropic',
      model: 'claude-test',
      inputTokens: 1200,
      outputTokens: 345,
      costMicros: 6_789n,
      createdAt: new Date(occurredAt),
    });
    expect(entries[0]!.id).toMatch(/^use_[0-9a-z]{20}$/);
  });

  it('is a no-op when an entry is redelivered after a consumer died between writing and acking', async () => {
    const bus = createBus({ redis, prefix: uniqueRedisPrefix('billing-ledger') });
    const userId = await createUser();
    const event = usageEvent(userId);
    await bus.publish(busStreamNames.events, event);

    // A consumer that read the entry, wrote the ledger row, and died before XACK.
    await redis.xgroup(
      'CREATE',
      bus.streamKey(busStreamNames.events),
      BILLING_CONSUMER_GROUP,
      '0',
      'MKSTREAM',
    );
    await redis.xreadgroup(
      'GROUP',
      BILLING_CONSUMER_GROUP,
      'dead-replica',
      'COUNT',
      1,
      'STREAMS',
      bus.streamKey(busStreamNames.events),
      '>',
    );
    expect(await createUsageLedger({ db: prisma, logger }).recordUsage(event)).toBe('recorded');
    expect(await pendingCount(bus)).toBe(1);

    // A live replica reclaims the idle entry, handles it again, and acks it.
    start(bus, 100);
    await eventually(async () => (await pendingCount(bus)) === 0);
    expect(await prisma.usageEntry.count({ where: { generationId: event.data.generationId } })).toBe(1);
    const redelivery = logs.lines
      .map(
        (line) =>
          JSON.parse(line) as {
            msg?: string;
            generationId?: string;
            outcome?: string;
            deliveryCount?: number;
          },
      )
      .find((line) => line.msg === 'usage.recorded handled' && line.generationId === event.data.generationId);
    expect(redelivery).toMatchObject({ outcome: 'duplicate' });
    expect(redelivery!.deliveryCount).toBeGreaterThanOrEqual(2);
  });

  it('drops usage of a user who no longer exists instead of retrying it forever', async () => {
    const ledger = createUsageLedger({ db: prisma, logger });
    expect(await ledger.recordUsage(usageEvent(newId('user')))).toBe('user-gone');
  });
});
