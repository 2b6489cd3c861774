import type { BusEvent } from '@vivier/contracts';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Consumer, DeadLetterInfo } from './consume-options';
import { createBus } from './create-bus';
import { EntryReleased } from './errors';
import { makeEvent } from './make-event';
import { connectRedis, deferred, deleteKeys, randomPrefix, recordingLogger, waitFor } from './test-support';

const prefix = randomPrefix();
const redis = connectRedis();
const bus = createBus({ redis, prefix });
const running: Consumer[] = [];
const CLAIM_IDLE_MS = 300;

function track(consumer: Consumer): Consumer {
  running.push(consumer);
  return consumer;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((consumer) => consumer.stop()));
});

afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

const userRegistered = () => makeEvent('user.registered', { userId: 'usr_1', email: 'user@example.com' });

async function pendingCount(stream: string, group: string): Promise<number> {
  const [count] = (await redis.xpending(prefix + stream, group)) as [number];
  return count;
}

describe('retries and dead letters', () => {
  it('redelivers an entry whose handler failed, then acks it once the handler succeeds', async () => {
    const deliveries: number[] = [];
    track(
      bus.consume({
        stream: 'retry',
        group: 'g',
        consumer: 'c1',
        claimIdleMs: CLAIM_IDLE_MS,
        handler: (_event, { deliveryCount }) => {
          deliveries.push(deliveryCount);
          if (deliveryCount === 1) throw new Error('transient');
        },
      }),
    );
    await bus.publish('retry', userRegistered());

    await waitFor(() => deliveries.length === 2, 'the retry');
    await waitFor(async () => (await pendingCount('retry', 'g')) === 0, 'the entry acked');
    expect(deliveries).toEqual([1, 2]);
    expect(await redis.exists(`${prefix}retry:dead`)).toBe(0);
  });

  it('dead-letters after maxDeliveries failures and calls onDeadLetter', async () => {
    const deliveries: number[] = [];
    const deadLetters: Array<{ event: BusEvent; info: DeadLetterInfo }> = [];
    track(
      bus.consume({
        stream: 'poison',
        group: 'g',
        consumer: 'c1',
        claimIdleMs: CLAIM_IDLE_MS,
        maxDeliveries: 3,
        deadLetterStream: 'poison-dead',
        handler: (_event, { deliveryCount }) => {
          deliveries.push(deliveryCount);
          throw new Error('boom');
        },
        onDeadLetter: (event, info) => void deadLetters.push({ event, info }),
      }),
    );
    const event = userRegistered();
    const entryId = await bus.publish('poison', event);

    await waitFor(() => deadLetters.length === 1, 'the dead letter', 10_000);
    expect(deliveries).toEqual([1, 2, 3]);
    expect(deadLetters[0]).toEqual({
      event,
      info: { entryId, deliveries: 3, error: 'boom', reason: 'handler-failed' },
    });
    const [[, fields] = ['', []]] = await redis.xrange(`${prefix}poison-dead`, '-', '+');
    expect(fields).toEqual([
      'event',
      JSON.stringify(event),
      'error',
      'boom',
      'originalId',
      entryId,
      'deliveries',
      '3',
      'stream',
      `${prefix}poison`,
      'group',
      'g',
    ]);
    expect(await pendingCount('poison', 'g')).toBe(0);
  });
});

describe('takeover', () => {
  it('a survivor reclaims the entry of a consumer that died holding it and handles it exactly once', async () => {
    const doomedRedis = connectRedis();
    const doomedBus = createBus({ redis: doomedRedis, prefix });
    const isHeld = deferred();
    const doomed = doomedBus.consume({
      stream: 'takeover',
      group: 'g',
      consumer: 'doomed',
      claimIdleMs: CLAIM_IDLE_MS,
      stopTimeoutMs: 0,
      handler: () => {
        isHeld.resolve();
        return new Promise(() => {}); // hangs like a crashed process
      },
    });
    const event = userRegistered();
    await bus.publish('takeover', event);
    await isHeld.promise;
    // Death: its connections go away mid-handler, so it neither acks nor refreshes its claim.
    doomedRedis.disconnect();
    await doomed.stop();
    expect(await pendingCount('takeover', 'g')).toBe(1);

    const handled: Array<{ event: BusEvent; deliveryCount: number }> = [];
    track(
      bus.consume({
        stream: 'takeover',
        group: 'g',
        consumer: 'survivor',
        claimIdleMs: CLAIM_IDLE_MS,
        handler: (received, { deliveryCount }) => void handled.push({ event: received, deliveryCount }),
      }),
    );

    await waitFor(() => handled.length === 1, 'the survivor to handle the entry');
    // Once nothing is pending nothing can be delivered again, so "exactly once" is settled.
    await waitFor(async () => (await pendingCount('takeover', 'g')) === 0, 'the entry acked');
    expect(handled).toEqual([{ event, deliveryCount: 2 }]);
  });

  it('keeps a handler that outlives claimIdleMs from being reclaimed by another consumer', async () => {
    const logger = recordingLogger();
    const heartbeatBus = createBus({ redis, prefix, logger });
    const calls: string[] = [];
    const handlerFor = (name: string) => async () => {
      calls.push(name);
      await new Promise((resolve) => setTimeout(resolve, 3 * CLAIM_IDLE_MS));
    };
    const options = { stream: 'long-handler', group: 'g', claimIdleMs: CLAIM_IDLE_MS } as const;
    const first = track(
      heartbeatBus.consume({ ...options, consumer: 'first', handler: handlerFor('first') }),
    );
    const second = track(
      heartbeatBus.consume({ ...options, consumer: 'second', handler: handlerFor('second') }),
    );
    await Promise.all([first.ready, second.ready]);

    await bus.publish('long-handler', userRegistered());
    await waitFor(() => calls.length === 1, 'the handler to start');
    await waitFor(async () => (await pendingCount('long-handler', 'g')) === 0, 'the entry acked');
    expect(calls).toHaveLength(1);
    expect(logger.lines.filter((line) => line.level === 'warn')).toEqual([]);
  });
});

describe('a lost claim', () => {
  it('tells a still-running handler that another consumer took its entry over, and does not ack it', async () => {
    const isRunning = deferred();
    const released = deferred<boolean>();
    track(
      bus.consume({
        stream: 'lost-claim',
        group: 'g',
        consumer: 'slow',
        claimIdleMs: CLAIM_IDLE_MS,
        handler: async (_event, { claimLost }) => {
          isRunning.resolve();
          // Runs until told: a handler that never hears of the takeover keeps working forever.
          await new Promise<void>((resolve) => claimLost.addEventListener('abort', () => resolve()));
          released.resolve(true);
          throw new EntryReleased('taken over');
        },
      }),
    );
    const entryId = await bus.publish('lost-claim', userRegistered());
    await isRunning.promise;
    // Another worker decided this one was dead and claimed the entry (as XAUTOCLAIM would).
    await redis.xclaim(`${prefix}lost-claim`, 'g', 'usurper', 0, entryId);

    expect(await released.promise).toBe(true);
    // Still pending, for the usurper: the released handler neither acked nor dead-lettered it.
    const pending = (await redis.xpending(`${prefix}lost-claim`, 'g', '-', '+', 10)) as Array<
      [string, string]
    >;
    expect(pending.map(([id, owner]) => [id, owner])).toEqual([[entryId, 'usurper']]);
    expect(await redis.exists(`${prefix}lost-claim:dead`)).toBe(0);
  });
});

describe('resilience', () => {
  it('keeps consuming after its reading connection is killed', async () => {
    const consumerName = `reconnect-${prefix.replaceAll(':', '-')}`;
    const seen: BusEvent[] = [];
    const consumer = track(
      bus.consume({
        stream: 'reconnect',
        group: 'g',
        consumer: consumerName,
        handler: (event) => void seen.push(event),
      }),
    );
    await consumer.ready;
    const readerId = async () => {
      const clients = String(await redis.client('LIST')).split('\n');
      const line = clients.find((client) => client.includes(` name=bus:g:${consumerName} `));
      return line?.match(/^id=(\d+)/)?.[1];
    };
    await waitFor(async () => (await readerId()) !== undefined, 'the reader connection');
    const killedId = await readerId();
    await redis.client('KILL', 'ID', killedId ?? '');

    await waitFor(async () => ![undefined, killedId].includes(await readerId()), 'the reader to reconnect');
    const event = userRegistered();
    await bus.publish('reconnect', event);
    await waitFor(() => seen.length === 1, 'the event after the reconnect');
    expect(seen).toEqual([event]);
  });

  it('recreates its group when the stream is deleted under it', async () => {
    const seen: BusEvent[] = [];
    const consumer = track(
      bus.consume({
        stream: 'deleted',
        group: 'g',
        consumer: 'c1',
        blockMs: 100,
        handler: (event) => void seen.push(event),
      }),
    );
    await consumer.ready;
    await redis.del(`${prefix}deleted`);
    await waitFor(async () => (await redis.exists(`${prefix}deleted`)) === 1, 'the group to be recreated');

    const event = userRegistered();
    await bus.publish('deleted', event);
    await waitFor(() => seen.length === 1, 'the event after the group came back');
    expect(seen).toEqual([event]);
  });
});
