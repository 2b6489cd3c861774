import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { createGenerationStreams, type FrameBody } from '@vivier/bus';
import type { StreamFrame } from '@vivier/contracts';
import { createLogger } from '@vivier/service-kit';
import {
  captureLogs,
  eventually,
  startTcpProxy,
  testRedisUrl,
  uniqueRedisPrefix,
  type TcpProxy,
} from '@vivier/testkit';
import { createFrameRelay, type FrameRelay } from './frame-relay';

/**
 * Resuming against the relay's one reader when its reply comes late: a client that reconnects with
 * `after` while the reader's read for the connection it left is still on its way back (a busy
 * process, a slow network to Redis) must get every frame after its cut, once, in order. The
 * reader's connection goes through a proxy that holds Redis's replies, which makes that late reply
 * happen every time instead of once in many runs.
 */
const redis = new Redis(testRedisUrl());
const prefix = uniqueRedisPrefix('relay-resume');
const streams = createGenerationStreams({ redis, prefix });
const readerName = `relay-resume-${process.pid}-${Date.now()}`;
let proxy: TcpProxy;
let relay: FrameRelay;
/** How the database answers "has it ended?" per generation (not ended unless set). */
const endings = new Map<string, () => Promise<FrameBody[] | undefined>>();

beforeAll(async () => {
  const target = new URL(testRedisUrl());
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
  relay = createFrameRelay({
    streams,
    connectReader: () => new Redis({ host: '127.0.0.1', port: proxy.port, connectionName: readerName }),
    commands: redis,
    endingFrames: async (generationId) => endings.get(generationId)?.(),
    logger: createLogger({ name: 'test', level: 'silent', stream: captureLogs().stream }),
    // Long enough that a read in flight is one we made wait, not one that timed out.
    blockMs: 30_000,
  });
});
afterAll(async () => {
  await relay.close();
  await proxy.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

let generation = 0;
const nextGenerationId = () => `gen_resume${String(++generation).padStart(8, '0')}`;
const deltaText = (frames: StreamFrame[]) =>
  frames.map((frame) => (frame.type === 'delta' ? frame.text : `<${frame.type}>`));
const collect = (generationId: string, after?: string) => {
  const frames: StreamFrame[] = [];
  const stop = relay.subscribe(generationId, after, (frame) => frames.push(frame));
  return { frames, stop };
};

/** The relay's reader is blocked in XREAD (so the next frame's reply is the one we hold). */
async function readerIsBlocked(): Promise<void> {
  await eventually(async () => {
    const clients = String(await redis.client('LIST')).split('\n');
    const reader = clients.find((line) => line.includes(` name=${readerName} `));
    return reader !== undefined && / flags=\S*b/.test(reader) && reader.includes(' cmd=xread ');
  });
}

interface Cut {
  /** Deltas the first connection received (the server sent them all). */
  seen: number;
  /** The last of them the client kept before it stopped (0: it resumes from the start). */
  kept: number;
  /** Deltas written while the reader's reply is held back. */
  duringHold: number;
  /** Whether the new subscription arrives before the server has noticed the old one left. */
  resumesBeforeLeaving: boolean;
}

async function resumeAcross(cut: Cut): Promise<{ resumed: string[]; expected: string[] }> {
  const generationId = nextGenerationId();
  const texts = Array.from({ length: cut.seen + cut.duringHold + 2 }, (_, index) => `w${index} `);
  const first = collect(generationId);
  const ids: string[] = [];
  for (const text of texts.slice(0, cut.seen))
    ids.push(await streams.append(generationId, { type: 'delta', text }));
  await eventually(async () => first.frames.length === cut.seen);
  await readerIsBlocked();

  proxy.holdReplies();
  let resumed: ReturnType<typeof collect>;
  try {
    for (const text of texts.slice(cut.seen, cut.seen + cut.duringHold))
      await streams.append(generationId, { type: 'delta', text });
    const after = cut.kept === 0 ? undefined : ids[cut.kept - 1];
    if (cut.resumesBeforeLeaving) {
      resumed = collect(generationId, after);
      first.stop();
    } else {
      first.stop();
      resumed = collect(generationId, after);
    }
  } finally {
    proxy.releaseReplies();
  }
  for (const text of texts.slice(cut.seen + cut.duringHold))
    await streams.append(generationId, { type: 'delta', text });
  await streams.append(generationId, { type: 'cancelled' });
  await eventually(async () => resumed.frames.at(-1)?.type === 'cancelled');
  return {
    resumed: deltaText(resumed.frames),
    expected: [...texts.slice(cut.kept), '<cancelled>'],
  };
}

describe('resuming while the reader has a reply on its way', () => {
  it('gives the resumed client the frames between its cut and the ones the reader had already read', async () => {
    const { resumed, expected } = await resumeAcross({
      seen: 4,
      kept: 2,
      duringHold: 1,
      resumesBeforeLeaving: false,
    });
    expect(resumed).toEqual(expected);
  });

  it('loses and repeats nothing at any cut, however the late reply and the reconnection interleave', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .record({
            seen: fc.integer({ min: 1, max: 6 }),
            kept: fc.integer({ min: 0, max: 6 }),
            duringHold: fc.integer({ min: 1, max: 3 }),
            resumesBeforeLeaving: fc.boolean(),
          })
          .map((cut) => ({ ...cut, kept: Math.min(cut.kept, cut.seen) })),
        async (cut) => {
          const { resumed, expected } = await resumeAcross(cut);
          expect(resumed).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);

  it('relays the frames of a generation that ran whole while the first ending check read the database', async () => {
    const generationId = nextGenerationId();
    let answerDatabase!: () => void;
    const databaseAnswers = new Promise<void>((resolve) => (answerDatabase = resolve));
    let isSettled = false;
    // The database is slow to answer the check made at subscribe time (the stream did not exist
    // yet); meanwhile the worker streams and settles.
    endings.set(generationId, async () => {
      await databaseAnswers;
      return isSettled ? [{ type: 'delta', text: 'w0 w1 w2 ' }, { type: 'cancelled' }] : undefined;
    });
    const watcher = collect(generationId);
    await streams.append(generationId, { type: 'delta', text: 'w0 ' });
    await eventually(async () => watcher.frames.length === 1);
    await readerIsBlocked();
    proxy.holdReplies();
    try {
      await streams.append(generationId, { type: 'delta', text: 'w1 ' });
      await streams.append(generationId, { type: 'delta', text: 'w2 ' });
      isSettled = true;
      answerDatabase();
      // The ending check finishes (its commands go ahead of this PING on the same connection)
      // before the reader gets the deltas held for it.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await redis.ping();
      await new Promise<void>((resolve) => setImmediate(resolve));
    } finally {
      proxy.releaseReplies();
    }
    await streams.append(generationId, { type: 'cancelled' });
    await eventually(async () => watcher.frames.at(-1)?.type === 'cancelled');
    expect(deltaText(watcher.frames)).toEqual(['w0 ', 'w1 ', 'w2 ', '<cancelled>']);
  });
});
