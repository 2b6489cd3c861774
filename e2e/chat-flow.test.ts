import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import {
  eventually,
  fakeReply,
  freePort,
  startFakeLlm,
  startSmtpSink,
  testRedisUrl,
  uniqueEmail,
  uniqueRedisPrefix,
  type FakeLlm,
  type SmtpSink,
} from '@vivier/testkit';
import { runNodeScript } from './run-script';
import { ROOT, stopService, type Stack } from '../scripts/lib/stack';
import { GENEROUS_LIMITS, startTestStack } from './test-stack';
import { answerOf, createClient, type Frame } from './chat-client';

/**
 * The chat core over real processes: gateway → chat-service → Redis Streams → provider-worker →
 * the fake LLM over each provider's own wire format, and back over WebSocket and SSE.
 */
let stack: Stack;
let smtp: SmtpSink;
let fake: FakeLlm;
let client: ReturnType<typeof createClient>;
let token: string;
const redisPrefix = uniqueRedisPrefix('e2e-chat');
const redis = new Redis(testRedisUrl());

beforeAll(async () => {
  smtp = await startSmtpSink();
  fake = await startFakeLlm({ tokenDelayMs: 4 });
  stack = await startTestStack({
    label: 'e2e-chat',
    redisPrefix,
    smtpUrl: smtp.url,
    env: {
      ...GENEROUS_LIMITS,
      // Every provider family, each speaking its own wire format to the fake.
      OPENAI_API_KEY: 'sk-e2e',
      OPENAI_BASE_URL: fake.openaiBaseUrl,
      ANTHROPIC_API_KEY: 'sk-ant-e2e',
      ANTHROPIC_BASE_URL: fake.url,
      GOOGLE_API_KEY: 'g-e2e',
      GOOGLE_BASE_URL: fake.url,
      OPENAI_COMPATIBLE_BASE_URL: fake.openaiBaseUrl,
      OPENAI_COMPATIBLE_MODELS: 'fake',
      // A worker that dies is noticed quickly.
      GENERATION_CLAIM_IDLE_MS: '1500',
    },
  });
  client = createClient(stack.gateway.url);
  const registered = await client.call('POST', '/api/auth/register', {
    body: { email: uniqueEmail('chat-e2e'), password: 'Correct-Horse-9-Battery' },
  });
  token = registered.json.accessToken;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  redis.disconnect();
  await fake?.close();
  await smtp?.close();
});

async function newChat(provider = 'openai-compatible', model = 'fake') {
  const chat = await client.call('POST', '/api/chats', { token, body: { provider, model } });
  expect(chat.status, chat.text).toBe(201);
  return chat.json.id as string;
}
async function send(chatId: string, content: string) {
  const sent = await client.call('POST', `/api/chats/${chatId}/messages`, { token, body: { content } });
  expect(sent.status, sent.text).toBe(202);
  return sent.json as { generationId: string; assistantMessage: { id: string }; userMessage: { id: string } };
}
async function storedAnswer(chatId: string, messageId: string, status = 'complete') {
  return eventually(async () => {
    const messages = await client.call('GET', `/api/chats/${chatId}/messages`, { token });
    const message = messages.json.items.find((item: { id: string }) => item.id === messageId);
    return message?.status === status ? message : undefined;
  });
}

describe('a message through the whole stack', () => {
  it('streams over the WebSocket and stores content, tokens and cost', async () => {
    const chatId = await newChat();
    const prompt = 'Tell me about lighthouses and their keepers.';
    const { generationId, assistantMessage } = await send(chatId, prompt);
    const frames = await client.watch(generationId, token);
    const done = frames.at(-1)!;
    expect(done.type).toBe('done');
    expect(frames.filter((frame) => frame.type === 'delta').length).toBeGreaterThan(1);
    expect(answerOf(frames)).toBe(fakeReply(prompt));
    const stored = await storedAnswer(chatId, assistantMessage.id);
    expect(stored.content).toBe(answerOf(frames));
    expect(stored.usage.outputTokens).toBe(done.usage!.outputTokens);
    expect(stored.usage.inputTokens).toBeGreaterThan(0);
    expect(stored.costMicros).toBe(done.costMicros);
    expect(stored.costMicros).toBeGreaterThan(0);
  });

  it('resumes after any frame over WebSocket and SSE with nothing lost or repeated', async () => {
    const chatId = await newChat();
    const { generationId } = await send(chatId, 'Describe the tides. [[words:120]]');
    const firstPart = await client.watch(generationId, token, {
      until: (frames) => frames.filter((f) => f.type === 'delta').length >= 3,
    });
    const lastSeen = firstPart.at(-1)!.id;
    const rest = await client.watch(generationId, token, { after: lastSeen });
    expect(rest.every((frame) => frame.id !== lastSeen)).toBe(true);
    const everything = await client.watch(generationId, token);
    expect(answerOf([...firstPart, ...rest])).toBe(answerOf(everything));

    const sse = await client.sse(generationId, token, firstPart[0]!.id);
    expect(sse.at(-1)!.type).toBe('done');
    expect(sse[0]!.sseId).toBe(everything[1]!.id);
    expect(answerOf(sse)).toBe(answerOf(everything.slice(1)));
  });

  it('cancels mid-stream and keeps the partial answer', async () => {
    const chatId = await newChat();
    const { generationId, assistantMessage } = await send(
      chatId,
      'Write a long essay about harbours. [[words:2000]] [[delay:10]]',
    );
    await client.watch(generationId, token, { until: (frames) => frames.some((f) => f.type === 'delta') });
    const cancelled = await client.call('POST', `/api/generations/${generationId}/cancel`, { token });
    expect(cancelled.status).toBe(202);
    const frames = await client.watch(generationId, token);
    expect(frames.at(-1)!.type).toBe('cancelled');
    const stored = await storedAnswer(chatId, assistantMessage.id, 'cancelled');
    expect(stored.content.length).toBeGreaterThan(0);
    expect(stored.content).toBe(answerOf(frames));
    expect((await client.call('POST', `/api/generations/${generationId}/cancel`, { token })).status).toBe(
      409,
    );
  });

  it('retries a 429 and answers; a 401 ends in PROVIDER_AUTH and a failed message', async () => {
    const chatId = await newChat();
    const retried = await send(chatId, 'Rate limited once, then fine. [[fault:429-once]]');
    expect((await client.watch(retried.generationId, token)).at(-1)!.type).toBe('done');

    const refused = await send(chatId, 'Bad key please. [[fault:401]]');
    const frames = await client.watch(refused.generationId, token);
    expect(frames.at(-1)).toMatchObject({ type: 'error', code: 'PROVIDER_AUTH' });
    const stored = await storedAnswer(chatId, refused.assistantMessage.id, 'failed');
    expect(stored.errorCode).toBe('PROVIDER_AUTH');
  });

  it('survives kill -9 of the worker mid-stream: another worker resets and finishes', async () => {
    const spare = await stack.startExtraWorker('worker-2', await freePort());
    const chatId = await newChat();
    const prompt = 'A slow story about ships. [[words:600]] [[delay:15]]';
    const { generationId, assistantMessage } = await send(chatId, prompt);
    const before = await client.watch(generationId, token, {
      until: (frames) => frames.filter((f) => f.type === 'delta').length >= 2,
    });
    // Whichever worker holds the request is the one to kill.
    const pending = (await redis.xpending(
      `${redisPrefix}gen:requests`,
      'provider-workers',
      '-',
      '+',
      10,
    )) as Array<[string, string, number, number]>;
    const holder = pending[0]?.[1];
    expect(['worker-1', 'worker-2']).toContain(holder);
    const [victim, survivor] = holder === 'worker-1' ? [stack.worker, spare] : [spare, stack.worker];
    await stopService(victim, 'SIGKILL');
    const after = await client.watch(generationId, token, { after: before.at(-1)!.id, timeoutMs: 60_000 });
    expect(after.map((frame) => frame.type)).toContain('reset');
    expect(after.at(-1)!.type).toBe('done');
    expect(answerOf([...before, ...after])).toBe(fakeReply(prompt));
    expect((await storedAnswer(chatId, assistantMessage.id)).content).toBe(fakeReply(prompt));
    stack.worker = survivor;
  }, 90_000);

  it('finds a chat by a word of its answer', async () => {
    const chatId = await newChat();
    const prompt = 'Name a colour.';
    const { generationId } = await send(chatId, prompt);
    await client.watch(generationId, token);
    const word = fakeReply(prompt)
      .split(/\W+/)
      .find((candidate) => candidate.length > 5)!;
    const found = await client.call('GET', `/api/chats?q=${encodeURIComponent(word)}`, { token });
    expect(found.json.items.map((chat: { id: string }) => chat.id)).toContain(chatId);
  });
});

describe('every provider family over its own wire format', () => {
  it.each([
    ['openai', 'openai'],
    ['anthropic', 'anthropic'],
    ['google', 'gemini'],
    ['openai-compatible', 'openai'],
  ])('%s is selectable per chat and answers through %s', async (provider, api) => {
    const models = await client.call('GET', '/api/models', { token });
    const model = models.json.items.find((item: { provider: string }) => item.provider === provider);
    expect(model, `no ${provider} model listed`).toBeTruthy();
    const chatId = await newChat(provider, model.id);
    const prompt = `Which wire format is this? ${provider}`;
    const { generationId } = await send(chatId, prompt);
    const frames: Frame[] = await client.watch(generationId, token);
    expect(frames.at(-1)!.type).toBe('done');
    expect(answerOf(frames)).toBe(fakeReply(prompt));
    const request = fake.requests.find((entry) => entry.lastUserText === prompt);
    expect(request?.api).toBe(api);
    expect(request?.model).toBe(model.id);
  });
});

describe('shared conformance checks', () => {
  it('passes the chat checks', async () => {
    const script = join(ROOT, '..', 'shared', 'conformance', 'chat.mjs');
    if (!existsSync(script)) return; // only present beside the team's checkout
    const result = await runNodeScript(script, {
      cwd: ROOT,
      env: { ...process.env, VIVIER_URL: stack.gateway.url },
      timeoutMs: 150_000,
    });
    expect(result.stdout).toMatch(/checks pass/);
    const logs = stack.services.flatMap((service) =>
      service.output.slice(-40).map((line) => `[${service.name}] ${line}`),
    );
    expect(result.status, `${result.stdout}\n${logs.join('\n')}`).toBe(0);
  }, 180_000);
});
