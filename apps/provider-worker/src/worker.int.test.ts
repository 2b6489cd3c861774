import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { busStreamNames } from '@vivier/contracts';
import { eventually, fakeReply, startFakeLlm, type FakeLlm } from '@vivier/testkit';
import {
  createChatServiceStandIn,
  readAndAbandon,
  startTestWorker,
  visibleText,
  type ChatServiceStandIn,
  type TestWorker,
} from './test-support';

let fake: FakeLlm;
const standIns: ChatServiceStandIn[] = [];
const workers: TestWorker[] = [];

beforeAll(async () => {
  fake = await startFakeLlm({ tokenDelayMs: 1 });
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.close()));
  await Promise.all(standIns.splice(0).map((standIn) => standIn.close()));
});
afterAll(async () => {
  await fake?.close();
});

/** Each test gets its own Redis prefix, so its workers and "dead" consumers see only its entries. */
function newStandIn() {
  const standIn = createChatServiceStandIn();
  standIns.push(standIn);
  return standIn;
}
async function newWorker(standIn: ChatServiceStandIn, env: Record<string, string> = {}) {
  const worker = await startTestWorker({ prefix: standIn.prefix, fake, env });
  workers.push(worker);
  return worker;
}
const unique = (text: string) => `${text} ${randomBytes(4).toString('hex')}`;

describe('a worker that dies mid-generation', () => {
  it('leaves its entry pending; another worker reclaims it, emits reset, then the full answer', async () => {
    const chat = newStandIn();
    const prompt = unique('Survive a crash');
    const sent = await chat.postMessage(prompt);
    // The first worker reads the request, marks it streaming, streams a little and is killed.
    await readAndAbandon(chat, { generationId: sent.generationId, partialDeltas: ['Half an', ' answer'] });
    await chat.prisma.generation.update({
      where: { id: sent.generationId },
      data: { status: 'streaming', attempts: 1, startedAt: new Date() },
    });

    await newWorker(chat, { GENERATION_CLAIM_IDLE_MS: '500' });
    const frames = await chat.waitForEnd(sent.generationId);

    const types = frames.map((frame) => frame.type);
    expect(types.slice(0, 3)).toEqual(['delta', 'delta', 'reset']);
    expect(types.filter((type) => type === 'reset')).toHaveLength(1);
    expect(types.at(-1)).toBe('done');
    expect(visibleText(frames)).toBe(fakeReply(prompt));
    const generation = await chat.loadGeneration(sent.generationId);
    expect(generation).toMatchObject({ status: 'done', attempts: 2 });
    expect(generation.assistantMessage.content).toBe(visibleText(frames));
    await chat.waitForAcked(sent.entryId);
    expect(await chat.usageEventsFor(sent.generationId)).toHaveLength(1);
  });

  it('a run whose claim was undone (a database crash) is run again from the start, after a reset', async () => {
    const chat = newStandIn();
    const prompt = unique('Claim undone');
    const sent = await chat.postMessage(prompt);
    // What an undone claim leaves: the generation queued again, the earlier run's frames in its
    // stream, and a fresh request (the reaper's re-publish, delivered for the first time).
    await chat.streams.append(sent.generationId, { type: 'delta', text: 'An earlier' });
    await chat.streams.append(sent.generationId, { type: 'delta', text: ' start' });

    await newWorker(chat);
    const frames = await chat.waitForEnd(sent.generationId);

    const types = frames.map((frame) => frame.type);
    expect(types.slice(0, 3)).toEqual(['delta', 'delta', 'reset']);
    expect(types.at(-1)).toBe('done');
    expect(visibleText(frames)).toBe(fakeReply(prompt));
    const generation = await chat.loadGeneration(sent.generationId);
    expect(generation.assistantMessage.content).toBe(visibleText(frames));
  });

  it('is dead-lettered after GENERATION_MAX_DELIVERIES: the generation fails with a clear error frame', async () => {
    const chat = newStandIn();
    const sent = await chat.postMessage(unique('Doomed'));
    await readAndAbandon(chat, { generationId: sent.generationId, partialDeltas: ['Lost'] });

    await newWorker(chat, { GENERATION_CLAIM_IDLE_MS: '300', GENERATION_MAX_DELIVERIES: '1' });
    const frames = await chat.waitForEnd(sent.generationId);

    expect(frames.map((frame) => frame.type)).toEqual(['delta', 'reset', 'error']);
    expect(frames.at(-1)).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      message: expect.stringContaining('gave up after 2 attempts'),
    });
    const generation = await chat.loadGeneration(sent.generationId);
    expect(generation).toMatchObject({ status: 'failed', errorCode: 'PROVIDER_UNAVAILABLE' });
    expect(generation.assistantMessage).toMatchObject({
      status: 'failed',
      errorCode: 'PROVIDER_UNAVAILABLE',
      content: '',
    });
    const dead = await chat.busEvents(busStreamNames.generationDead);
    expect(dead).toEqual([
      expect.objectContaining({
        type: 'generation.requested',
        data: expect.objectContaining({ generationId: sent.generationId }),
      }),
    ]);
    expect(await chat.pendingCount()).toBe(0);
  });
});

describe('graceful stop', () => {
  it('stops taking requests but lets a running generation finish within the grace period', async () => {
    const chat = newStandIn();
    const worker = await newWorker(chat, { SHUTDOWN_GRACE_MS: '10000' });
    const prompt = unique('[[delay:20]] Finish what you started');
    const sent = await chat.postMessage(prompt);
    await eventually(async () => (await chat.frames(sent.generationId)).length > 0);

    await worker.close();
    expect((await chat.frames(sent.generationId)).at(-1)?.type).toBe('done');
    expect((await chat.loadGeneration(sent.generationId)).assistantMessage.content).toBe(fakeReply(prompt));
    expect(await chat.pendingCount()).toBe(0);

    // Stopped: a new request waits for the next worker, which answers it on its first attempt
    // (the stopped worker never read it: no reset frame, nothing about it in its logs).
    const next = await chat.postMessage(unique('Anyone?'));
    expect((await chat.loadGeneration(next.generationId)).status).toBe('queued');
    await newWorker(chat);
    const frames = await chat.waitForEnd(next.generationId);
    expect(frames.map((frame) => frame.type)).not.toContain('reset');
    expect(frames.at(-1)?.type).toBe('done');
    expect((await chat.loadGeneration(next.generationId)).attempts).toBe(1);
    expect(worker.logs.text()).not.toContain(next.generationId);
  });

  it('hands a generation that outlives the grace period back to the group; another worker finishes it', async () => {
    const chat = newStandIn();
    const first = await newWorker(chat, { SHUTDOWN_GRACE_MS: '200' });
    const prompt = unique('[[delay:25]] [[words:60]] Too long to wait for');
    const sent = await chat.postMessage(prompt);
    await eventually(async () => (await chat.frames(sent.generationId)).length > 0);

    const stoppingAt = Date.now();
    await first.close();
    expect(Date.now() - stoppingAt).toBeLessThan(2_000);
    expect((await chat.loadGeneration(sent.generationId)).status).toBe('streaming');
    expect(await chat.pendingCount()).toBe(1);

    await newWorker(chat, { GENERATION_CLAIM_IDLE_MS: '500' });
    const frames = await chat.waitForEnd(sent.generationId, 15_000);
    expect(frames.filter((frame) => frame.type === 'reset')).toHaveLength(1);
    expect(frames.at(-1)?.type).toBe('done');
    expect(visibleText(frames)).toBe(fakeReply(prompt));
    expect((await chat.loadGeneration(sent.generationId)).assistantMessage.content).toBe(fakeReply(prompt));
    await chat.waitForAcked(sent.entryId);
  });
});

describe('concurrency', () => {
  it('runs at most WORKER_CONCURRENCY generations at once and still finishes them all', async () => {
    const chat = newStandIn();
    const worker = await newWorker(chat, { WORKER_CONCURRENCY: '2' });
    let maxActive = 0;
    const sampler = setInterval(() => (maxActive = Math.max(maxActive, worker.worker.activeGenerations)), 5);
    try {
      const sent = await Promise.all(
        [1, 2, 3, 4, 5].map((n) => chat.postMessage(unique(`[[delay:10]] Parallel ${n}`))),
      );
      const ends = await Promise.all(sent.map((one) => chat.waitForEnd(one.generationId)));
      expect(ends.map((frames) => frames.at(-1)?.type)).toEqual(['done', 'done', 'done', 'done', 'done']);
    } finally {
      clearInterval(sampler);
    }
    expect(maxActive).toBe(2);
  });
});

describe('health and metrics', () => {
  it('answers /health and /ready, and reports generation metrics on /metrics', async () => {
    const chat = newStandIn();
    const worker = await newWorker(chat);
    const sent = await chat.postMessage(unique('Count me'));
    await chat.waitForEnd(sent.generationId);

    expect((await worker.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    const ready = await worker.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { postgres: 'ok', redis: 'ok' } });

    const metrics = (await worker.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/^provider_worker_active_generations\{[^}]*\} 0$/m);
    expect(metrics).toMatch(
      /^provider_worker_tokens_relayed_total\{provider="openai-compatible"[^}]*\} [1-9]/m,
    );
    expect(metrics).toMatch(
      /^provider_worker_delta_frames_total\{provider="openai-compatible"[^}]*\} [1-9]/m,
    );
    expect(metrics).toMatch(/^provider_worker_generations_total\{status="done"[^}]*\} 1$/m);
    expect(metrics).toMatch(
      /^provider_worker_provider_latency_seconds_count\{[^}]*provider="openai-compatible",phase="first_token"\} 1$/m,
    );
    expect(metrics).toMatch(
      /^provider_worker_provider_latency_seconds_count\{[^}]*provider="openai-compatible",phase="total"\} 1$/m,
    );
  });
});
