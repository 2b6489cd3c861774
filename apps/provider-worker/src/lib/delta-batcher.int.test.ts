import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createGenerationStreams } from '@vivier/bus';
import { testRedisUrl, uniqueRedisPrefix } from '@vivier/testkit';
import { createDeltaBatcher } from './delta-batcher';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A stand-in for XADD on a slow Redis: each write takes `latencyMs` and is recorded when it lands. */
function slowWriter(latencyMs: number) {
  const started: string[] = [];
  const landed: string[] = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  return {
    started,
    landed,
    get maxConcurrent() {
      return maxConcurrent;
    },
    async write(text: string) {
      started.push(text);
      concurrent += 1;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await sleep(latencyMs);
      concurrent -= 1;
      landed.push(text);
    },
  };
}

/** Provider tokens arriving one per event-loop turn, like a fast model streaming. */
async function* tokens(count: number): AsyncGenerator<string> {
  for (let index = 0; index < count; index += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    yield index === 0 ? 'Token0' : ` token${index}`;
  }
}

describe('createDeltaBatcher', () => {
  it('with a slow write, N tokens become far fewer than N writes that add up to exactly the answer', async () => {
    const writer = slowWriter(15);
    const batcher = createDeltaBatcher({ write: (text) => writer.write(text) });
    const count = 400;
    let answer = '';
    for await (const token of tokens(count)) {
      answer += token;
      batcher.push(token);
    }
    await batcher.flush();

    expect(writer.landed.join('')).toBe(answer); // nothing lost at the end, nothing repeated
    expect(writer.landed.length).toBeLessThan(count / 10);
    expect(writer.maxConcurrent).toBe(1); // one XADD at a time keeps frames in order
    expect(writer.landed[0]).toBe('Token0'); // the first token was not held back to batch
    expect(batcher.pendingLength).toBe(0);
  });

  it('writes the first text at once, without waiting for a timer or more text', () => {
    const writer = slowWriter(50);
    const batcher = createDeltaBatcher({ write: (text) => writer.write(text) });
    batcher.push('Hello');
    expect(writer.started).toEqual(['Hello']);
    batcher.push(' there');
    batcher.push(', friend');
    expect(writer.started).toEqual(['Hello']);
    expect(batcher.pendingLength).toBe(' there, friend'.length);
  });

  it('sends what arrived during a write as one frame, then goes back to writing at once', async () => {
    const writer = slowWriter(20);
    const batcher = createDeltaBatcher({ write: (text) => writer.write(text) });
    batcher.push('a');
    batcher.push('b');
    batcher.push('c');
    await batcher.flush();
    expect(writer.landed).toEqual(['a', 'bc']);
    batcher.push('d');
    expect(writer.started.at(-1)).toBe('d'); // idle again: no batching delay
    await batcher.flush();
    expect(writer.landed).toEqual(['a', 'bc', 'd']);
  });

  it('with a fast write, every token is its own frame (no added latency)', async () => {
    const landed: string[] = [];
    const batcher = createDeltaBatcher({ write: async (text) => void landed.push(text) });
    for await (const token of tokens(20)) batcher.push(token);
    await batcher.flush();
    expect(landed).toHaveLength(20);
  });

  it('reports the first failed write once, drops later text and rejects flush with the failure', async () => {
    const failure = new Error('Redis is gone');
    const reported: unknown[] = [];
    let calls = 0;
    const batcher = createDeltaBatcher({
      write: async () => {
        calls += 1;
        throw failure;
      },
      onWriteError: (error) => reported.push(error),
    });
    batcher.push('a');
    batcher.push('b');
    await expect(batcher.flush()).rejects.toBe(failure);
    batcher.push('c');
    await expect(batcher.flush()).rejects.toBe(failure);
    expect(reported).toEqual([failure]);
    expect(calls).toBe(1);
  });

  it('over a real Redis stream slowed down per XADD, the frames hold every token exactly once', async () => {
    const redis = new Redis(testRedisUrl());
    const streams = createGenerationStreams({ redis, prefix: uniqueRedisPrefix('batcher') });
    const generationId = 'gen_batchertest';
    let xadds = 0;
    const batcher = createDeltaBatcher({
      write: async (text) => {
        await sleep(5); // a slow or distant Redis
        xadds += 1;
        await streams.append(generationId, { type: 'delta', text });
      },
    });
    try {
      const count = 300;
      let answer = '';
      for await (const token of tokens(count)) {
        answer += token;
        batcher.push(token);
      }
      await batcher.flush();
      const frames = await streams.range(generationId);
      expect(frames).toHaveLength(xadds);
      expect(xadds).toBeLessThan(count / 5);
      expect(frames.map((frame) => (frame.type === 'delta' ? frame.text : '')).join('')).toBe(answer);
    } finally {
      await redis.del(streams.key(generationId));
      redis.disconnect();
    }
  });

  it('ignores empty text', async () => {
    const landed: string[] = [];
    const batcher = createDeltaBatcher({ write: async (text) => void landed.push(text) });
    batcher.push('');
    await batcher.flush();
    expect(landed).toEqual([]);
  });
});
