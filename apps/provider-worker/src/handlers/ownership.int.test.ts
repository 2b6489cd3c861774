import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busStreamNames, type StreamFrame } from '@vivier/contracts';
import { eventually, fakeReplyPieces, startFakeLlm, type FakeLlm } from '@vivier/testkit';
import {
  createChatServiceStandIn,
  startTestWorker,
  type ChatServiceStandIn,
  type TestWorker,
} from '../test-support';
import { GENERATION_GROUP } from '../worker';

/**
 * Who runs a generation, and for how long: the provider timeouts of our own, the lease a worker
 * holds while it streams, and what a worker does when another one has taken its generation over.
 */
let fake: FakeLlm;
let chat: ChatServiceStandIn;
let worker: TestWorker;

const FIRST_TOKEN_TIMEOUT_MS = 400;
const IDLE_TIMEOUT_MS = 400;
const LEASE_MS = 600;

beforeAll(async () => {
  fake = await startFakeLlm({ tokenDelayMs: 1 });
  chat = createChatServiceStandIn();
  worker = await startTestWorker({
    prefix: chat.prefix,
    fake,
    env: {
      PROVIDER_FIRST_TOKEN_TIMEOUT_MS: String(FIRST_TOKEN_TIMEOUT_MS),
      PROVIDER_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS),
      GENERATION_LEASE_MS: String(LEASE_MS),
      // Long enough that the bus never reclaims on its own in these tests.
      GENERATION_CLAIM_IDLE_MS: '30000',
    },
  });
});
afterAll(async () => {
  await worker?.close();
  await chat?.close();
  await fake?.close();
});

const unique = (text: string) => `${text} ${randomBytes(4).toString('hex')}`;
const deltasOf = (frames: StreamFrame[]) =>
  frames.flatMap((frame) => (frame.type === 'delta' ? [frame.text] : [])).join('');
const requestsFor = (prompt: string) => fake.requests.filter((request) => request.lastUserText === prompt);
/** True once the worker has logged `msg` (about `generationId`, when given). */
const hasLogged = (msg: string, generationId?: string) =>
  worker.logs.lines.some((raw) => {
    const line = JSON.parse(raw) as { msg?: string; generationId?: string; entryId?: string };
    return line.msg === msg && (generationId === undefined || line.generationId === generationId);
  });

describe('provider timeouts', () => {
  it('fails a provider that sends nothing before the first-token timeout with PROVIDER_TIMEOUT', async () => {
    const sent = await chat.postMessage(unique('[[fault:hang]] Hello?'));
    const frames = await chat.waitForEnd(sent.generationId, 10_000);

    expect(frames).toEqual([expect.objectContaining({ type: 'error', code: 'PROVIDER_TIMEOUT' })]);
    const generation = await chat.loadGeneration(sent.generationId);
    expect(generation).toMatchObject({ status: 'failed', errorCode: 'PROVIDER_TIMEOUT' });
    expect(generation.assistantMessage).toMatchObject({ status: 'failed', errorCode: 'PROVIDER_TIMEOUT' });
    await chat.waitForAcked(sent.entryId);
  });

  it('fails a provider that falls silent mid-answer, keeping the partial text', async () => {
    const prompt = unique('[[fault:stall]] Tell me a long story');
    const sent = await chat.postMessage(prompt);
    const frames = await chat.waitForEnd(sent.generationId, 10_000);

    expect(frames.at(-1)).toMatchObject({ type: 'error', code: 'PROVIDER_TIMEOUT' });
    const partial = deltasOf(frames);
    expect(partial).toBe(fakeReplyPieces(prompt).slice(0, 3).join(''));
    const generation = await chat.loadGeneration(sent.generationId);
    expect(generation).toMatchObject({ status: 'failed', errorCode: 'PROVIDER_TIMEOUT' });
    expect(generation.assistantMessage).toMatchObject({ status: 'failed', content: partial });
  });
});

describe('one generation, one worker', () => {
  it('holds a lease while streaming and clears it at the end', async () => {
    const prompt = unique('[[delay:30]] [[words:40]] Keep going');
    const sent = await chat.postMessage(prompt);
    const leased = await eventually(async () => {
      const row = await chat.loadGeneration(sent.generationId);
      return row.status === 'streaming' && row.leaseOwner ? row : undefined;
    });
    expect(leased.leaseOwner).toBe(worker.env.WORKER_NAME);
    expect(leased.leaseExpiresAt!.getTime()).toBeGreaterThan(Date.now() - LEASE_MS);
    await chat.waitForEnd(sent.generationId);
    expect(await chat.loadGeneration(sent.generationId)).toMatchObject({
      status: 'done',
      leaseExpiresAt: null,
    });
  });

  it('stops streaming, and neither settles nor acks, once another worker has reclaimed the request', async () => {
    const prompt = unique('[[delay:40]] [[words:400]] A long answer');
    const sent = await chat.postMessage(prompt);
    await eventually(async () => (await chat.frames(sent.generationId)).length >= 2);

    // Another worker decided this one was dead: XAUTOCLAIM gave it the entry (before it took the row).
    await chat.redis.xclaim(
      chat.prefix + busStreamNames.generationRequests,
      GENERATION_GROUP,
      'usurper',
      0,
      sent.entryId,
    );

    await eventually(async () => hasLogged('bus handler released its entry unfinished'));
    expect(worker.worker.activeGenerations).toBe(0);
    // Nothing more can come from this worker now; what it wrote so far never reached an end.
    const frames = await chat.frames(sent.generationId);
    expect(frames.some((frame) => ['done', 'error', 'cancelled'].includes(frame.type))).toBe(false);
    expect(deltasOf(frames).length).toBeLessThan(fakeReplyPieces(prompt).join('').length);
    const generation = await chat.loadGeneration(sent.generationId);
    expect(generation.status).toBe('streaming');
    const pending = (await chat.redis.xpending(
      chat.prefix + busStreamNames.generationRequests,
      GENERATION_GROUP,
      sent.entryId,
      sent.entryId,
      1,
    )) as Array<[string, string]>;
    expect(pending.map(([id, owner]) => [id, owner])).toEqual([[sent.entryId, 'usurper']]);
    // The usurper "finishes" it, so later tests see nothing running or pending.
    await chat.prisma.generation.update({ where: { id: sent.generationId }, data: { status: 'failed' } });
    await chat.redis.xack(chat.prefix + busStreamNames.generationRequests, GENERATION_GROUP, sent.entryId);
  });

  it('stops when its lease renewal finds the generation owned by someone else', async () => {
    const prompt = unique('[[delay:40]] [[words:400]] Another long answer');
    const sent = await chat.postMessage(prompt);
    await eventually(async () => (await chat.frames(sent.generationId)).length >= 2);
    await chat.prisma.generation.update({
      where: { id: sent.generationId },
      data: { leaseOwner: 'usurper', leaseExpiresAt: new Date(Date.now() + 60_000) },
    });

    await eventually(async () =>
      hasLogged(
        'generation lease lost (another worker owns it, or it was ended); stopping',
        sent.generationId,
      ),
    );
    await eventually(async () => worker.worker.activeGenerations === 0);
    const frames = await chat.frames(sent.generationId);
    expect(frames.some((frame) => ['done', 'error', 'cancelled'].includes(frame.type))).toBe(false);
    expect(await chat.loadGeneration(sent.generationId)).toMatchObject({
      status: 'streaming',
      leaseOwner: 'usurper',
    });
    await chat.prisma.generation.update({ where: { id: sent.generationId }, data: { status: 'failed' } });
  });

  it('drops a second request for a generation another live worker is streaming, without calling the provider', async () => {
    const prompt = unique('Already running elsewhere');
    const exchange = await chat.createExchange(await chat.createChat(), prompt);
    await chat.prisma.generation.update({
      where: { id: exchange.generationId },
      data: {
        status: 'streaming',
        leaseOwner: 'other-worker',
        leaseExpiresAt: new Date(Date.now() + 60_000),
      },
    });
    const entryId = await chat.publishRequest(exchange);

    await chat.waitForAcked(entryId);
    expect(requestsFor(prompt)).toEqual([]);
    expect(await chat.frames(exchange.generationId)).toEqual([]);
    expect(await chat.loadGeneration(exchange.generationId)).toMatchObject({
      status: 'streaming',
      leaseOwner: 'other-worker',
    });
    await chat.prisma.generation.update({ where: { id: exchange.generationId }, data: { status: 'failed' } });
  });

  it('takes over a streaming generation whose owner’s lease has run out', async () => {
    const prompt = unique('Owner died long ago');
    const exchange = await chat.createExchange(await chat.createChat(), prompt);
    await chat.prisma.generation.update({
      where: { id: exchange.generationId },
      data: { status: 'streaming', leaseOwner: 'dead-worker', leaseExpiresAt: new Date(Date.now() - 1_000) },
    });
    await chat.publishRequest(exchange);
    const frames = await chat.waitForEnd(exchange.generationId);
    expect(frames.at(-1)?.type).toBe('done');
    expect(requestsFor(prompt)).toHaveLength(1);
  });
});
