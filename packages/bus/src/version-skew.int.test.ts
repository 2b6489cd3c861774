import { UsageRecordedV1, type BusEvent } from '@vivier/contracts';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Consumer } from './consume-options';
import { createBus } from './create-bus';
import { makeEvent } from './make-event';
import { connectRedis, deleteKeys, randomPrefix, recordingLogger, waitFor } from './test-support';

const prefix = randomPrefix();
const redis = connectRedis();
const running: Consumer[] = [];
const CLAIM_IDLE_MS = 300;

afterEach(async () => {
  await Promise.all(running.splice(0).map((consumer) => consumer.stop()));
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

const usageData = {
  generationId: 'gen_1',
  userId: 'usr_1',
  chatId: 'cht_1',
  provider: 'openai',
  model: 'gpt',
  inputTokens: 1,
  outputTokens: 2,
  costMicros: 3,
};

/** What an upgraded billing-service would accept: v1 and a v2 that adds a field. */
const UsageRecordedV2 = UsageRecordedV1.extend({
  version: z.literal(2),
  data: UsageRecordedV1.shape.data.extend({ cachedInputTokens: z.number().int().min(0) }),
});
const UpgradedSchema = z.discriminatedUnion('version', [UsageRecordedV1, UsageRecordedV2]);

describe('a rolling upgrade', () => {
  it('leaves a newer event version pending for an upgraded consumer instead of dead-lettering it', async () => {
    const stream = 'skew';
    const logger = recordingLogger();
    const oldBus = createBus({ redis, prefix, logger });
    const seenByOld: BusEvent[] = [];
    const options = { stream, group: 'billing', claimIdleMs: CLAIM_IDLE_MS, maxDeliveries: 2 } as const;
    running.push(
      oldBus.consume({ ...options, consumer: 'old', handler: (event) => void seenByOld.push(event) }),
    );

    // An upgraded provider-worker publishes v2 (raw: this code's catalogue only knows v1) …
    const newer = {
      ...makeEvent('usage.recorded', usageData),
      version: 2,
      data: { ...usageData, cachedInputTokens: 1 },
    };
    await redis.xadd(prefix + stream, '*', 'event', JSON.stringify(newer));
    // … while an older one still publishes v1.
    const older = makeEvent('usage.recorded', usageData);
    await oldBus.publish(stream, older);

    await waitFor(() => seenByOld.length === 1, 'the old consumer to handle v1');
    expect(seenByOld).toEqual([older]);
    // The old consumer passes over v2 again and again (it keeps reclaiming it), and never gives up on it.
    await waitFor(
      () =>
        logger.lines.filter((line) => line.message?.startsWith('bus event is of a newer version')).length >=
        3,
      'the old consumer to pass over v2 three times',
    );
    expect(await redis.exists(`${prefix}${stream}:dead`)).toBe(0);
    const [pendingCount] = (await redis.xpending(prefix + stream, 'billing')) as [number];
    expect(pendingCount).toBe(1);

    // The upgraded consumer joins the group and handles it once; nothing is lost or dead-lettered.
    const seenByNew: unknown[] = [];
    running.push(
      oldBus.consume({
        ...options,
        consumer: 'new',
        schema: UpgradedSchema,
        handler: (event) => void seenByNew.push(event),
      }),
    );
    // Both consumers reclaim idle entries, so the upgraded one gets it within a few claim rounds.
    await waitFor(() => seenByNew.length === 1, 'the upgraded consumer to handle v2', 30_000);
    expect(seenByNew).toEqual([newer]);
    await waitFor(
      async () => ((await redis.xpending(prefix + stream, 'billing')) as [number])[0] === 0,
      'acked',
    );
    expect(await redis.exists(`${prefix}${stream}:dead`)).toBe(0);
  });
});
