import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerGroups, busStreamNames, type BusEvent } from '@vivier/contracts';
import type { Bus } from '@vivier/bus';
import { clientFor, startTestChatService, type TestChatService, type TestUser } from '../test-support';
import { createGenerationReaper } from './generation-reaper';

let service: TestChatService;
let user: TestUser;
/** While true, `generation.requested` never reaches Redis: as if the process died right after the commit. */
let isPublishLost = false;

beforeAll(async () => {
  service = await startTestChatService(
    {},
    {
      adjustDeps: (deps) => {
        const publish: Bus['publish'] = async (stream: string, ...rest: [never, never]) =>
          isPublishLost && stream === busStreamNames.generationRequests
            ? '0-1'
            : deps.bus.publish(stream, ...rest);
        return { ...deps, bus: { ...deps.bus, publish } };
      },
    },
  );
  user = await service.createUser();
});
afterAll(async () => {
  await service?.close();
});

// The test database is shared with other suites running at the same time: the reaper here lives
// in the year 2000, and only this file's rows are moved back there, so it never touches theirs.
const REAPER_NOW = new Date('2000-01-01T12:00:00Z');
const minutesBefore = (minutes: number) => new Date(REAPER_NOW.getTime() - minutes * 60_000);
const REPUBLISH_AFTER_MS = 30_000;
const QUEUED_TIMEOUT_MS = 10 * 60_000;

function reaper() {
  return createGenerationReaper(
    {
      db: service.deps.db,
      redis: service.deps.redis,
      bus: service.deps.bus,
      streams: service.deps.streams,
      redisPrefix: service.env.REDIS_PREFIX,
      logger: service.logger,
      now: () => REAPER_NOW,
    },
    { republishAfterMs: REPUBLISH_AFTER_MS, queuedTimeoutMs: QUEUED_TIMEOUT_MS },
  );
}

const requestsKey = () => service.env.REDIS_PREFIX + busStreamNames.generationRequests;

async function requestsFor(generationId: string) {
  const entries = await service.deps.redis.xrange(requestsKey(), '-', '+');
  return entries
    .map(([id, fields]) => ({
      id,
      event: JSON.parse(fields[fields.indexOf('event') + 1] ?? '{}') as BusEvent,
    }))
    .filter(({ event }) => event.type === 'generation.requested' && event.data.generationId === generationId);
}

/** Posts a message whose request is lost between the commit and the XADD; returns its generation id. */
async function postWithLostRequest(content: string): Promise<string> {
  const client = clientFor(service, user);
  const chat = await client.createChat();
  isPublishLost = true;
  try {
    const posted = await client.postMessage(chat.id, content);
    return posted.generationId as string;
  } finally {
    isPublishLost = false;
  }
}

/** Posts a message whose request `consumer` has read from the group and not acked (pending). */
async function postHeldBy(consumer: string, content: string): Promise<string> {
  const client = clientFor(service, user);
  const chat = await client.createChat();
  const { generationId } = (await client.postMessage(chat.id, content)) as { generationId: string };
  const redis = service.deps.redis;
  await redis
    .xgroup('CREATE', requestsKey(), consumerGroups.generationWorkers, '0', 'MKSTREAM')
    .catch((error: Error) => {
      if (!error.message.startsWith('BUSYGROUP')) throw error;
    });
  await redis.xreadgroup('GROUP', consumerGroups.generationWorkers, consumer, 'STREAMS', requestsKey(), '>');
  return generationId;
}

function age(generationId: string, data: { createdAt?: Date; updatedAt?: Date }) {
  return service.prisma.generation.update({ where: { id: generationId }, data });
}

const loadGeneration = (generationId: string) =>
  service.prisma.generation.findUniqueOrThrow({
    where: { id: generationId },
    include: { assistantMessage: true },
  });

describe('the generation reaper', () => {
  it('publishes again a queued generation whose request never reached the bus, once per period', async () => {
    const generationId = await postWithLostRequest('lost on the way');
    expect(await requestsFor(generationId)).toEqual([]);
    await age(generationId, { createdAt: minutesBefore(2), updatedAt: minutesBefore(2) });

    const first = await reaper().reap();
    expect(first.republished).toEqual([generationId]);
    const [request] = await requestsFor(generationId);
    expect(request?.event).toMatchObject({
      type: 'generation.requested',
      data: { generationId, userId: user.id },
    });
    expect((await loadGeneration(generationId)).status).toBe('queued');

    // Just published: the next pass leaves it to the workers for another period.
    expect((await reaper().reap()).republished).not.toContain(generationId);
    expect(await requestsFor(generationId)).toHaveLength(1);
  });

  it('leaves a queued generation younger than the period alone', async () => {
    const generationId = await postWithLostRequest('just sent');
    await age(generationId, { createdAt: minutesBefore(0.1), updatedAt: minutesBefore(0.1) });
    const result = await reaper().reap();
    expect(result.republished).not.toContain(generationId);
    expect(result.failed).not.toContain(generationId);
  });

  it('fails a generation no worker took within the queued timeout, with an error frame', async () => {
    const generationId = await postWithLostRequest('nobody home');
    await age(generationId, { createdAt: minutesBefore(11), updatedAt: minutesBefore(1) });

    expect((await reaper().reap()).failed).toEqual([generationId]);
    const generation = await loadGeneration(generationId);
    expect(generation).toMatchObject({ status: 'failed', errorCode: 'PROVIDER_UNAVAILABLE' });
    expect(generation.assistantMessage).toMatchObject({
      status: 'failed',
      errorCode: 'PROVIDER_UNAVAILABLE',
    });
    const frames = await service.streams.range(generationId);
    expect(frames).toEqual([expect.objectContaining({ type: 'error', code: 'PROVIDER_UNAVAILABLE' })]);
  });

  it('fails a streaming generation whose worker’s lease ran out and that no worker holds: reset, then error', async () => {
    const generationId = await postWithLostRequest('the worker died');
    await service.prisma.generation.update({
      where: { id: generationId },
      data: { status: 'streaming', leaseOwner: 'dead-worker', leaseExpiresAt: minutesBefore(1) },
    });
    await service.streams.append(generationId, { type: 'delta', text: 'half an ans' });

    expect((await reaper().reap()).failed).toEqual([generationId]);
    expect((await service.streams.range(generationId)).map((frame) => frame.type)).toEqual([
      'delta',
      'reset',
      'error',
    ]);
    expect(await loadGeneration(generationId)).toMatchObject({ status: 'failed', leaseExpiresAt: null });
    // Ended once: a second pass finds nothing.
    expect((await reaper().reap()).failed).toEqual([]);
  });

  it('leaves a streaming generation whose request a worker still holds: the group will reclaim it', async () => {
    // Read (so pending) by a worker that then died.
    const generationId = await postHeldBy('dead-worker', 'held by a dead worker');
    await service.prisma.generation.update({
      where: { id: generationId },
      data: { status: 'streaming', leaseOwner: 'dead-worker', leaseExpiresAt: minutesBefore(1) },
    });

    expect((await reaper().reap()).failed).not.toContain(generationId);
    expect((await loadGeneration(generationId)).status).toBe('streaming');
    await service.prisma.generation.update({ where: { id: generationId }, data: { status: 'failed' } });
  });

  it('publishes a queued generation again only once no worker holds its request (a claim undone by a database crash)', async () => {
    // A worker holds the request and streams; the database lost its claim: queued again, and old.
    const generationId = await postHeldBy('streaming-worker', 'claim undone');
    await age(generationId, { createdAt: minutesBefore(2), updatedAt: minutesBefore(2) });

    expect((await reaper().reap()).republished).not.toContain(generationId);
    expect(await requestsFor(generationId)).toHaveLength(1);

    // The worker found its lease gone and acked: now nobody runs it, so it is published again.
    const [request] = await requestsFor(generationId);
    await service.deps.redis.xack(requestsKey(), consumerGroups.generationWorkers, request!.id);
    expect((await reaper().reap()).republished).toContain(generationId);
    expect(await requestsFor(generationId)).toHaveLength(2);
    await service.prisma.generation.update({ where: { id: generationId }, data: { status: 'failed' } });
  });

  it('reaps on its own once scheduled', async () => {
    const generationId = await postWithLostRequest('scheduled');
    await age(generationId, { createdAt: minutesBefore(2), updatedAt: minutesBefore(2) });
    const stop = reaper().schedule(100);
    try {
      await expect.poll(async () => (await requestsFor(generationId)).length, { timeout: 5_000 }).toBe(1);
    } finally {
      stop();
    }
  });
});
