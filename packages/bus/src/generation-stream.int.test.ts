import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createGenerationStreams, GENERATION_STREAM_TTL_SECONDS } from './generation-stream';
import { isBlocked, waitFor } from './test-support';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const reader = redis.duplicate();
const prefix = `test:genstream:${Math.random().toString(36).slice(2)}:`;
const streams = createGenerationStreams({ redis, prefix });

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  reader.disconnect();
});

describe('generation frame streams', () => {
  beforeAll(async () => {
    await streams.append('gen_a', { type: 'delta', text: 'Hel' });
    await streams.append('gen_a', { type: 'delta', text: 'lo' });
    await streams.append('gen_a', {
      type: 'done',
      messageId: 'msg_1',
      usage: { inputTokens: 3, outputTokens: 2 },
      costMicros: 7,
    });
  });

  it('replays every frame in order with increasing ids, and resumes after any id exactly', async () => {
    const all = await streams.range('gen_a');
    expect(all.map((frame) => frame.type)).toEqual(['delta', 'delta', 'done']);
    expect(all.every((frame) => frame.generationId === 'gen_a')).toBe(true);
    const rest = await streams.range('gen_a', all[0]!.id);
    expect(rest.map((frame) => frame.id)).toEqual(all.slice(1).map((frame) => frame.id));
  });

  it('sets the expiry when the terminal frame is written, not before', async () => {
    expect(await redis.ttl(streams.key('gen_a'))).toBeGreaterThan(GENERATION_STREAM_TTL_SECONDS - 5);
    await streams.append('gen_b', { type: 'delta', text: 'x' });
    expect(await redis.ttl(streams.key('gen_b'))).toBe(-1);
  });

  it('blocks until a frame arrives, on a dedicated connection', async () => {
    const readerId = await reader.client('ID');
    const pending = streams.read(reader, 'gen_c', undefined, 5000);
    await waitFor(() => isBlocked(redis, readerId), 'the reader parked in XREAD BLOCK');
    await streams.append('gen_c', { type: 'delta', text: 'late' });
    const frames = await pending;
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ type: 'delta', text: 'late' });
    expect(await streams.read(reader, 'gen_c', frames[0]!.id, 50)).toEqual([]);
  });

  it('delivers cancel requests to subscribers and leaves a key to check', async () => {
    const subscriber = redis.duplicate();
    const received: string[] = [];
    const stop = await streams.onCancel(subscriber, (id) => received.push(id));
    await streams.requestCancel('gen_d');
    await waitFor(() => received.length > 0, 'the cancel request');
    expect(received).toEqual(['gen_d']);
    expect(await streams.isCancelRequested('gen_d')).toBe(true);
    expect(await streams.isCancelRequested('gen_e')).toBe(false);
    await stop();
    subscriber.disconnect();
  });
});
