import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createGenerationStreams, type FrameBody } from '@vivier/bus';
import type { StreamFrame } from '@vivier/contracts';
import { createLogger } from '@vivier/service-kit';
import { captureLogs, eventually, testRedisUrl, uniqueRedisPrefix } from '@vivier/testkit';
import { createFrameRelay } from './frame-relay';

const redis = new Redis(testRedisUrl());
const prefix = uniqueRedisPrefix('relay');
const streams = createGenerationStreams({ redis, prefix });
const logger = createLogger({ name: 'test', level: 'silent', stream: captureLogs().stream });
let connections = 0;
const endings = new Map<string, FrameBody[]>();
const relay = createFrameRelay({
  streams,
  connectReader: () => {
    connections++;
    return new Redis(testRedisUrl());
  },
  commands: redis,
  endingFrames: async (generationId) => endings.get(generationId),
  logger,
  blockMs: 200,
});

let generation = 0;
const nextGenerationId = () => `gen_relaytest${String(++generation).padStart(8, '0')}`;
const collect = (generationId: string, after?: string) => {
  const frames: StreamFrame[] = [];
  const stop = relay.subscribe(generationId, after, (frame) => frames.push(frame));
  return { frames, stop };
};

beforeAll(async () => {
  await redis.ping();
});
afterEach(() => {
  connections = 0;
});
afterAll(async () => {
  await relay.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe('frame relay', () => {
  it('shares one reader among every local subscriber of a generation, each from its own position', async () => {
    const generationId = nextGenerationId();
    const first = await streams.append(generationId, { type: 'delta', text: 'a' });
    const fromStart = collect(generationId);
    const afterFirst = collect(generationId, first);
    await streams.append(generationId, { type: 'delta', text: 'b' });
    await eventually(async () => fromStart.frames.length === 2);
    const late = collect(generationId);
    await streams.append(generationId, {
      type: 'done',
      messageId: 'msg_1',
      usage: { inputTokens: 1, outputTokens: 2 },
      costMicros: 3,
    });
    await eventually(
      async () => fromStart.frames.length === 3 && afterFirst.frames.length === 2 && late.frames.length === 3,
    );
    expect(late.frames).toEqual(fromStart.frames);
    expect(afterFirst.frames).toEqual(fromStart.frames.slice(1));
    expect(connections).toBe(1);
    await eventually(async () => relay.watchedCount() === 0);
  });

  it('relays a generation read as running that ended before its watch began, with each frame as JSON', async () => {
    const generationId = nextGenerationId();
    await streams.append(generationId, { type: 'reasoning', text: 'hmm' });
    await streams.append(generationId, { type: 'delta', text: 'Hi "there"\n' });
    await streams.append(generationId, { type: 'cancelled' });
    const received: Array<{ frame: StreamFrame; json: string }> = [];
    relay.subscribe(generationId, undefined, (frame, json) => received.push({ frame, json }), {
      isRunning: true,
    });
    await eventually(async () => received.length === 3);
    expect(received.map(({ frame }) => frame.type)).toEqual(['reasoning', 'delta', 'cancelled']);
    for (const { frame, json } of received) expect(JSON.parse(json)).toEqual(frame);
    await eventually(async () => relay.watchedCount() === 0);
  });

  it('stops delivering to a subscriber that left, and lets its reader go', async () => {
    const generationId = nextGenerationId();
    const leaving = collect(generationId);
    const staying = collect(generationId);
    await streams.append(generationId, { type: 'delta', text: 'x' });
    await eventually(async () => leaving.frames.length === 1);
    leaving.stop();
    await streams.append(generationId, { type: 'delta', text: 'y' });
    await eventually(async () => staying.frames.length === 2);
    expect(leaving.frames.map((frame) => frame.type === 'delta' && frame.text)).toEqual(['x']);
    staying.stop();
    await eventually(async () => relay.watchedCount() === 0);
  });

  it('ends a generation whose stream is gone from the database, and waits for one not started yet', async () => {
    const ended = nextGenerationId();
    endings.set(ended, [{ type: 'delta', text: 'stored' }, { type: 'cancelled' }]);
    const fresh = collect(ended);
    const resuming = collect(ended, '1700000000000-4');
    await eventually(async () => fresh.frames.length === 2 && resuming.frames.length === 1);
    expect(fresh.frames.map((frame) => [frame.type, frame.id])).toEqual([
      ['delta', '0-1'],
      ['cancelled', '0-2'],
    ]);
    expect(resuming.frames).toEqual([{ type: 'cancelled', generationId: ended, id: '1700000000000-5' }]);

    const queued = nextGenerationId();
    const waiting = collect(queued);
    await streams.append(queued, { type: 'delta', text: 'finally' });
    await eventually(async () => waiting.frames.length === 1);
    waiting.stop();
  });
});

describe('frame relay at scale and with entries it cannot read', () => {
  it('reads a thousand watched generations through one connection', async () => {
    const ids = Array.from({ length: 1_000 }, nextGenerationId);
    const watchers = ids.map((generationId) => collect(generationId));
    await Promise.all(ids.map((generationId) => streams.append(generationId, { type: 'delta', text: 'hi' })));
    await eventually(async () => watchers.every((watcher) => watcher.frames.length === 1));
    expect(relay.readerCount()).toBe(1);
    expect(connections).toBe(0); // the reader of the first test, still open
    for (const watcher of watchers) watcher.stop();
    await eventually(async () => relay.watchedCount() === 0);
  });

  it('passes over an entry it cannot decode and relays the frames that follow', async () => {
    const generationId = nextGenerationId();
    const watcher = collect(generationId);
    await redis.xadd(streams.key(generationId), '*', 'f', '{"type":"reasoning-v2","text":"hmm"}');
    await redis.xadd(streams.key(generationId), '*', 'f', 'not json');
    await streams.append(generationId, { type: 'delta', text: 'fine' });
    await eventually(async () => watcher.frames.length === 1);
    expect(watcher.frames[0]).toMatchObject({ type: 'delta', text: 'fine' });
    watcher.stop();
  });

  it('ends the stream from the database when its terminal frame cannot be decoded', async () => {
    const generationId = nextGenerationId();
    const watcher = collect(generationId);
    const first = await streams.append(generationId, { type: 'delta', text: 'partial' });
    await eventually(async () => watcher.frames.length === 1);
    // A newer worker's terminal frame, and the database already says how the generation ended.
    endings.set(generationId, [
      { type: 'delta', text: 'partial' },
      { type: 'done', messageId: 'msg_new', usage: { inputTokens: 1, outputTokens: 1 }, costMicros: 0 },
    ]);
    const unknown = await redis.xadd(streams.key(generationId), '*', 'f', '{"type":"done-v2"}');
    await eventually(async () => watcher.frames.length === 2);
    expect(watcher.frames.map((frame) => [frame.type, frame.id])).toEqual([
      ['delta', first],
      ['done', unknown],
    ]);
    await eventually(async () => relay.watchedCount() === 0);
    // A client resuming after the delta gets the same ending.
    const resumed = collect(generationId, first);
    await eventually(async () => resumed.frames.length === 1);
    expect(resumed.frames[0]).toMatchObject({ type: 'done', id: unknown });
  });
});
