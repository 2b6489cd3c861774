import { BusEvent, busStreamNames } from '@vivier/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBus } from './create-bus';
import { InvalidBusEventError } from './errors';
import { makeEvent } from './make-event';
import { connectRedis, deleteKeys, randomPrefix } from './test-support';

const prefix = randomPrefix();
const redis = connectRedis();
const bus = createBus({ redis, prefix });

afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

const generationRequested = () =>
  makeEvent(
    'generation.requested',
    { generationId: 'gen_1', chatId: 'cht_1', userId: 'usr_1', assistantMessageId: 'msg_1' },
    { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', requestId: 'req_1' },
  );

describe('makeEvent', () => {
  it('fills id, version and occurredAt so the event passes the catalogue', () => {
    const event = generationRequested();
    expect(BusEvent.parse(event)).toEqual(event);
    expect(event).toMatchObject({ type: 'generation.requested', version: 1, requestId: 'req_1' });
    expect(event.id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(generationRequested().id).not.toBe(event.id);
  });

  it('leaves out trace fields it was not given', () => {
    const event = makeEvent('user.registered', { userId: 'usr_1', email: 'a@example.com' });
    expect(Object.keys(event)).not.toContain('traceparent');
    expect(Object.keys(event)).not.toContain('requestId');
  });
});

describe('publish', () => {
  it('stores the validated event as one JSON field under the prefixed stream', async () => {
    const event = generationRequested();
    const entryId = await bus.publish(busStreamNames.generationRequests, event);

    const entries = await redis.xrange(`${prefix}${busStreamNames.generationRequests}`, '-', '+');
    expect(entries).toEqual([[entryId, ['event', JSON.stringify(event)]]]);
  });

  it('throws before XADD when the event is invalid, writing nothing', async () => {
    const event = { ...generationRequested(), data: { generationId: 'gen_1' } };
    // @ts-expect-error the compiler already refuses it; publish must refuse it at run time too
    await expect(bus.publish('invalid', event)).rejects.toBeInstanceOf(InvalidBusEventError);
    await expect(
      bus.publish('invalid', { ...generationRequested(), occurredAt: 'yesterday' }),
    ).rejects.toThrow(/occurredAt/);
    expect(await redis.exists(`${prefix}invalid`)).toBe(0);
  });

  it('validates with a caller-provided schema for payloads outside the catalogue', async () => {
    const Ping = z.object({ seq: z.number().int() });
    const entryId = await bus.publish('custom', { seq: 1 }, { schema: Ping });
    expect(entryId).toMatch(/^\d+-\d+$/);
    await expect(bus.publish('custom', { seq: 1.5 }, { schema: Ping })).rejects.toBeInstanceOf(
      InvalidBusEventError,
    );
    expect(await redis.xlen(`${prefix}custom`)).toBe(1);
  });

  it('trims the stream approximately to maxLen', async () => {
    const event = generationRequested();
    for (let index = 0; index < 300; index += 1) await bus.publish('trimmed', event, { maxLen: 10 });
    // MAXLEN ~ trims whole radix-tree nodes (100 entries by default), never below maxLen.
    const length = await redis.xlen(`${prefix}trimmed`);
    expect(length).toBeGreaterThanOrEqual(10);
    expect(length).toBeLessThan(300);
  });
});
