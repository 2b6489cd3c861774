import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { testRedisUrl, uniqueRedisPrefix } from '@vivier/testkit';
import { createLogger } from './logger';
import { createService } from './create-service';

const redis = new Redis(testRedisUrl());
const prefix = uniqueRedisPrefix('backlog-metrics');
const stream = `${prefix}work`;
const deadLetterStream = `${prefix}work:dead`;

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const serviceWith = (backlog: Parameters<typeof createService>[0]['backlog']) =>
  createService({ name: 'kit-test', logger: createLogger({ name: 'kit-test', level: 'silent' }), backlog });

describe('backlog on /metrics', () => {
  it('reports each group’s lag and pending entries, dead letters and queue depth', async () => {
    // Five entries: "fast" read three and acked one of them; "slow" has read nothing yet.
    for (let index = 0; index < 5; index++) await redis.xadd(stream, '*', 'event', String(index));
    await redis.xgroup('CREATE', stream, 'fast', '0');
    await redis.xgroup('CREATE', stream, 'slow', '0');
    const read = (await redis.xreadgroup('GROUP', 'fast', 'c1', 'COUNT', 3, 'STREAMS', stream, '>')) as Array<
      [string, Array<[string, string[]]>]
    >;
    await redis.xack(stream, 'fast', read[0]![1][0]![0]);
    await redis.xadd(deadLetterStream, '*', 'event', 'poison');

    const app = serviceWith({
      redis,
      streams: [{ stream, deadLetterStream }],
      queues: { titles: async () => ({ waiting: 4, active: 1 }) },
    });
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toContain(`bus_consumer_group_lag{stream="${stream}",group="fast",service="kit-test"} 2`);
    expect(text).toContain(`bus_consumer_group_lag{stream="${stream}",group="slow",service="kit-test"} 5`);
    expect(text).toContain(
      `bus_consumer_group_pending{stream="${stream}",group="fast",service="kit-test"} 2`,
    );
    expect(text).toContain(
      `bus_consumer_group_pending{stream="${stream}",group="slow",service="kit-test"} 0`,
    );
    expect(text).toContain(`bus_dead_letter_entries{stream="${deadLetterStream}",service="kit-test"} 1`);
    expect(text).toContain('queue_jobs{queue="titles",state="waiting",service="kit-test"} 4');
    expect(text).toContain('queue_jobs{queue="titles",state="active",service="kit-test"} 1');
    await app.close();
  });

  it('still answers, without the backlog, when Redis does not (a stream not created yet, a queue that fails)', async () => {
    const app = serviceWith({
      redis,
      streams: [{ stream: `${prefix}never-written`, deadLetterStream: `${prefix}never-written:dead` }],
      queues: {
        broken: async () => {
          throw new Error('connection is closed');
        },
      },
    });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('bus_consumer_group_pending{');
    expect(response.body).not.toContain('queue_jobs{');
    expect(response.body).toContain(
      `bus_dead_letter_entries{stream="${prefix}never-written:dead",service="kit-test"} 0`,
    );
    expect(response.body).toContain('process_cpu_user_seconds_total');
    await app.close();
  });
});
