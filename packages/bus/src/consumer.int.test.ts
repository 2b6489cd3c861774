import { randomUUID } from 'node:crypto';
import type { BusEvent } from '@vivier/contracts';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Consumer } from './consume-options';
import { createBus } from './create-bus';
import { makeEvent } from './make-event';
import { connectRedis, deferred, deleteKeys, randomPrefix, redisClients, waitFor } from './test-support';

const prefix = randomPrefix();
const redis = connectRedis();
const bus = createBus({ redis, prefix });
const running: Consumer[] = [];

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

let sequence = 0;
const userRegistered = () => {
  sequence += 1;
  return makeEvent('user.registered', { userId: `usr_${sequence}`, email: `user${sequence}@example.com` });
};

async function pendingCount(stream: string, group: string): Promise<number> {
  const [count] = (await redis.xpending(prefix + stream, group)) as [number];
  return count;
}

describe('consume', () => {
  it('delivers events published before and after the consumer started, then acks them', async () => {
    const before = userRegistered();
    await bus.publish('before-after', before);
    const seen: BusEvent[] = [];
    const consumer = track(
      bus.consume({
        stream: 'before-after',
        group: 'g',
        consumer: 'c1',
        handler: (event) => void seen.push(event),
      }),
    );
    await consumer.ready;
    await waitFor(() => seen.length === 1, 'the event published before start');

    const after = userRegistered();
    await bus.publish('before-after', after);
    await waitFor(() => seen.length === 2, 'the event published after start');

    expect(seen).toEqual([before, after]);
    await waitFor(async () => (await pendingCount('before-after', 'g')) === 0, 'both entries acked');
  });

  it('validates with a caller-provided schema for payloads outside the catalogue', async () => {
    const Ping = z.object({ seq: z.number().int() });
    const seen: number[] = [];
    track(
      bus.consume({
        stream: 'custom-schema',
        group: 'g',
        consumer: 'c1',
        schema: Ping,
        handler: (ping) => void seen.push(ping.seq),
      }),
    );
    await bus.publish('custom-schema', { seq: 7 }, { schema: Ping });
    await waitFor(() => seen.length === 1, 'the custom event');
    expect(seen).toEqual([7]);
  });

  it('splits the work between two consumers of one group without duplicates', async () => {
    const handled = new Map<string, string[]>();
    const handlerFor = (name: string) => async (event: BusEvent) => {
      handled.set(event.id, [...(handled.get(event.id) ?? []), name]);
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    const options = { stream: 'split', group: 'workers', concurrency: 2 } as const;
    const first = track(bus.consume({ ...options, consumer: 'first', handler: handlerFor('first') }));
    const second = track(bus.consume({ ...options, consumer: 'second', handler: handlerFor('second') }));
    await Promise.all([first.ready, second.ready]);

    const events = Array.from({ length: 40 }, userRegistered);
    for (const event of events) await bus.publish('split', event);
    await waitFor(() => handled.size === events.length, 'all events handled');

    const handlers = [...handled.values()];
    expect(handlers.every((names) => names.length === 1)).toBe(true);
    expect(handlers.filter(([name]) => name === 'first').length).toBeGreaterThan(0);
    expect(handlers.filter(([name]) => name === 'second').length).toBeGreaterThan(0);
    await waitFor(async () => (await pendingCount('split', 'workers')) === 0, 'all entries acked');
  });

  it('runs at most `concurrency` handlers at once', async () => {
    const gate = deferred();
    let active = 0;
    let maxActive = 0;
    let done = 0;
    const consumer = track(
      bus.consume({
        stream: 'concurrency',
        group: 'g',
        consumer: 'c1',
        concurrency: 3,
        handler: async () => {
          active += 1;
          maxActive = Math.max(maxActive, active);
          await gate.promise;
          active -= 1;
          done += 1;
        },
      }),
    );
    await consumer.ready;
    for (let index = 0; index < 9; index += 1) await bus.publish('concurrency', userRegistered());

    await waitFor(() => active === 3, 'three handlers in flight');
    gate.resolve();
    await waitFor(() => done === 9, 'all handlers done');
    expect(maxActive).toBe(3);
  });

  it('dead-letters malformed entries at once without calling the handler', async () => {
    const key = `${prefix}malformed`;
    const notJson = await redis.xadd(key, '*', 'event', '{not json');
    const unknownType = await redis.xadd(key, '*', 'event', JSON.stringify({ type: 'nope', data: {} }));
    const noEventField = await redis.xadd(key, '*', 'something', 'else');
    const valid = userRegistered();
    await bus.publish('malformed', valid);

    const seen: BusEvent[] = [];
    let deadLetterHookCalls = 0;
    track(
      bus.consume({
        stream: 'malformed',
        group: 'g',
        consumer: 'c1',
        handler: (event) => void seen.push(event),
        onDeadLetter: () => void (deadLetterHookCalls += 1),
      }),
    );
    await waitFor(() => seen.length === 1, 'the valid event');
    await waitFor(async () => (await redis.xlen(`${key}:dead`)) === 3, 'three dead letters');

    expect(seen).toEqual([valid]);
    expect(deadLetterHookCalls).toBe(0);
    const dead = await redis.xrange(`${key}:dead`, '-', '+');
    const records = dead.map(([, fields]) => Object.fromEntries(fieldPairs(fields)));
    expect(records.map((record) => record.originalId)).toEqual([notJson, unknownType, noEventField]);
    expect(records[0]).toMatchObject({ event: '{not json', deliveries: '1', stream: key, group: 'g' });
    expect(records[0]?.error).toMatch(/not JSON/);
    expect(records[1]?.error).toMatch(/schema/);
    expect(records[2]).toMatchObject({ event: '', error: 'entry has no "event" field' });
    await waitFor(async () => (await pendingCount('malformed', 'g')) === 0, 'all entries acked');
  });

  it('stop() waits for an in-flight handler, which still acks', async () => {
    const started = deferred();
    const gate = deferred();
    let isFinished = false;
    // A name no other file's consumer has: its reader connection is found by it below.
    const name = `c-${randomUUID().slice(0, 8)}`;
    const consumer = track(
      bus.consume({
        stream: 'stop-waits',
        group: 'g',
        consumer: name,
        handler: async () => {
          started.resolve();
          await gate.promise;
          isFinished = true;
        },
      }),
    );
    await bus.publish('stop-waits', userRegistered());
    await started.promise;

    let isStopped = false;
    let wasFinishedWhenStopped = false;
    const stopping = consumer.stop().then(() => {
      isStopped = true;
      wasFinishedWhenStopped = isFinished;
    });
    // stop() has closed the reader (the step before draining): it waits on the handler now.
    await waitFor(
      async () => !(await redisClients(redis)).some((client) => client.name === `bus:g:${name}`),
      'the reader connection closed',
    );
    expect(isStopped).toBe(false);

    gate.resolve();
    await stopping;
    expect(wasFinishedWhenStopped).toBe(true);
    expect(await pendingCount('stop-waits', 'g')).toBe(0);
  });

  it('stop() gives up after stopTimeoutMs, aborts the handler signal and leaves the entry pending', async () => {
    const started = deferred<AbortSignal>();
    const consumer = track(
      bus.consume({
        stream: 'stop-timeout',
        group: 'g',
        consumer: 'c1',
        stopTimeoutMs: 100,
        handler: (_event, { signal }) => {
          started.resolve(signal);
          return new Promise(() => {});
        },
      }),
    );
    await bus.publish('stop-timeout', userRegistered());
    const signal = await started.promise;

    const startedAt = Date.now();
    await consumer.stop();
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    expect(signal.aborted).toBe(true);
    expect(await pendingCount('stop-timeout', 'g')).toBe(1);
  });
});

function* fieldPairs(flat: string[]): Generator<[string, string]> {
  for (let index = 0; index + 1 < flat.length; index += 2) yield [flat[index] ?? '', flat[index + 1] ?? ''];
}
