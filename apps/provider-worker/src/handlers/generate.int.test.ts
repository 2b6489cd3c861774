import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamFrame } from '@vivier/contracts';
import { eventually, fakeReply, fakeReplyPieces, startFakeLlm, type FakeLlm } from '@vivier/testkit';
import {
  createChatServiceStandIn,
  startTestWorker,
  type ChatServiceStandIn,
  type TestWorker,
} from '../test-support';
import { readTitleSource, renameUntitled, TITLE_QUEUE } from '../jobs/title-chat';

let fake: FakeLlm;
let chat: ChatServiceStandIn;
let worker: TestWorker;

beforeAll(async () => {
  fake = await startFakeLlm({ tokenDelayMs: 1 });
  chat = createChatServiceStandIn();
  worker = await startTestWorker({ prefix: chat.prefix, fake });
});
afterAll(async () => {
  await worker?.close();
  await chat?.close();
  await fake?.close();
});

/** Prompts differ per test so `*-once` faults and the fake's request log never mix tests up. */
const unique = (text: string) => `${text} ${randomBytes(4).toString('hex')}`;
const deltasOf = (frames: StreamFrame[]) =>
  frames.flatMap((frame) => (frame.type === 'delta' ? [frame.text] : [])).join('');
const requestsFor = (prompt: string) => fake.requests.filter((request) => request.lastUserText === prompt);

describe('a generation', () => {
  it('streams deltas, then done; the message stores exactly that text with tokens, cost and finish reason', async () => {
    const prompt = unique('Tell me about rivers');
    const sent = await chat.postMessage(prompt);
    const frames = await chat.waitForEnd(sent.generationId);

    const done = frames.at(-1)!;
    expect(frames.slice(0, -1).every((frame) => frame.type === 'delta')).toBe(true);
    expect(frames.length).toBeGreaterThan(1);
    expect(deltasOf(frames)).toBe(fakeReply(prompt));

    const generation = await chat.loadGeneration(sent.generationId);
    const message = generation.assistantMessage;
    expect(generation).toMatchObject({ status: 'done', attempts: 1, errorCode: null });
    expect(generation.startedAt).toBeInstanceOf(Date);
    expect(generation.finishedAt).toBeInstanceOf(Date);
    expect(message).toMatchObject({
      content: deltasOf(frames),
      status: 'complete',
      finishReason: 'stop',
      provider: 'openai-compatible',
      model: 'fake',
      errorCode: null,
      outputTokens: fakeReplyPieces(prompt).length,
    });
    expect(message.inputTokens).toBeGreaterThan(0);
    expect(message.costMicros).toBeGreaterThan(0n);
    expect(done).toEqual({
      type: 'done',
      id: done.id,
      generationId: sent.generationId,
      messageId: sent.assistantMessageId,
      usage: { inputTokens: message.inputTokens, outputTokens: message.outputTokens },
      costMicros: Number(message.costMicros),
    });

    const usage = await eventually(async () => {
      const events = await chat.usageEventsFor(sent.generationId);
      return events.length > 0 ? events : undefined;
    });
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({
      type: 'usage.recorded',
      data: {
        generationId: sent.generationId,
        userId: sent.userId,
        chatId: sent.chatId,
        provider: 'openai-compatible',
        model: 'fake',
        inputTokens: message.inputTokens,
        outputTokens: message.outputTokens,
        costMicros: Number(message.costMicros),
      },
    });
    await chat.waitForAcked(sent.entryId);
  });

  it('sends the branch (root → user message) after the system prompt, with the chat settings', async () => {
    const first = await chat.postMessage(unique('First question'), {
      settings: { systemPrompt: 'Answer like a sailor.', temperature: 0.25, maxTokens: 7 },
    });
    await chat.waitForEnd(first.generationId);
    // A sibling branch the prompt must not include.
    const sibling = await chat.createExchange(first.chat, unique('An edited first question'));
    await chat.publishRequest(sibling);
    await chat.waitForEnd(sibling.generationId);

    const secondPrompt = unique('Second question');
    const second = await chat.createExchange(first.chat, secondPrompt, first.assistantMessageId);
    await chat.publishRequest(second);
    const frames = await chat.waitForEnd(second.generationId);

    const [request] = requestsFor(secondPrompt);
    const body = request!.body as {
      messages: Array<{ role: string; content: string }>;
      temperature: number;
      max_tokens: number;
    };
    const firstAnswer = (await chat.loadGeneration(first.generationId)).assistantMessage.content;
    expect(body.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(body.messages[0]!.content).toBe('Answer like a sailor.');
    expect(body.messages[2]!.content).toBe(firstAnswer);
    expect(body.messages[3]!.content).toBe(secondPrompt);
    expect(body.temperature).toBe(0.25);
    expect(body.max_tokens).toBe(7);
    // maxTokens cut the answer short.
    expect(frames.at(-1)).toMatchObject({ type: 'done', usage: { outputTokens: 7 } });
    expect((await chat.loadGeneration(second.generationId)).assistantMessage.finishReason).toBe('length');
  });

  it('keeps model reasoning out of the frames and the stored answer', async () => {
    const prompt = unique('[[fault:reasoning]] Think first');
    const sent = await chat.postMessage(prompt);
    const frames = await chat.waitForEnd(sent.generationId);
    expect(deltasOf(frames)).toBe(fakeReply(prompt));
    expect((await chat.loadGeneration(sent.generationId)).assistantMessage.content).toBe(fakeReply(prompt));
  });

  it('retries a 429 (Retry-After honoured) and then answers normally', async () => {
    const prompt = unique('[[fault:429-once]] Busy?');
    const sent = await chat.postMessage(prompt);
    const frames = await chat.waitForEnd(sent.generationId);
    expect(frames.at(-1)?.type).toBe('done');
    expect(deltasOf(frames)).toBe(fakeReply(prompt));
    expect(requestsFor(prompt).map((request) => request.status)).toEqual([429, 200]);
    expect((await chat.loadGeneration(sent.generationId)).status).toBe('done');
  });

  it('ends with an error frame PROVIDER_AUTH on a 401 and fails the generation; nothing is billed', async () => {
    const sent = await chat.postMessage(unique('[[fault:401]] Who am I?'));
    const frames = await chat.waitForEnd(sent.generationId);
    expect(frames.map((frame) => frame.type)).toEqual(['error']);
    expect(frames[0]).toMatchObject({
      code: 'PROVIDER_AUTH',
      message: 'The AI provider rejected the configured API key.',
    });
    const generation = await chat.loadGeneration(sent.generationId);
    expect(generation).toMatchObject({
      status: 'failed',
      errorCode: 'PROVIDER_AUTH',
      errorMessage: 'The AI provider rejected the configured API key.',
    });
    expect(generation.assistantMessage).toMatchObject({
      status: 'failed',
      errorCode: 'PROVIDER_AUTH',
      content: '',
    });
    await chat.waitForAcked(sent.entryId);
    expect(await chat.usageEventsFor(sent.generationId)).toEqual([]);
  });

  it('keeps the partial text when the connection drops mid-stream, and bills what was produced', async () => {
    const prompt = unique('[[fault:drop]] Tell me a long story');
    const sent = await chat.postMessage(prompt);
    const frames = await chat.waitForEnd(sent.generationId);
    expect(frames.at(-1)).toMatchObject({ type: 'error', code: 'PROVIDER_UNAVAILABLE' });
    const partial = deltasOf(frames);
    expect(partial).toBe(fakeReplyPieces(prompt).slice(0, 3).join(''));

    const generation = await chat.loadGeneration(sent.generationId);
    expect(generation).toMatchObject({ status: 'failed', errorCode: 'PROVIDER_UNAVAILABLE' });
    expect(generation.assistantMessage).toMatchObject({ status: 'failed', content: partial });
    const usage = await eventually(async () => (await chat.usageEventsFor(sent.generationId))[0]);
    expect(usage.type === 'usage.recorded' && usage.data.outputTokens).toBeGreaterThan(0);
  });

  it('fails with the error frame when the chat uses a provider this worker has no configuration for', async () => {
    const sent = await chat.postMessage(unique('Hello Claude'), {
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
    });
    const frames = await chat.waitForEnd(sent.generationId);
    expect(frames).toEqual([expect.objectContaining({ type: 'error', code: 'PROVIDER_UNAVAILABLE' })]);
    expect((await chat.loadGeneration(sent.generationId)).status).toBe('failed');
  });

  it('fits the prompt to the context window: CONTEXT_TOO_LONG when nothing fits', async () => {
    // Reserving the whole 32k window of the fake model for the answer leaves no room for the prompt.
    const sent = await chat.postMessage(unique('Hi'), { settings: { maxTokens: 32_768 } });
    const frames = await chat.waitForEnd(sent.generationId);
    expect(frames).toEqual([expect.objectContaining({ type: 'error', code: 'CONTEXT_TOO_LONG' })]);
  });
});

describe('cancel', () => {
  it('aborts a running generation at once, keeps the partial text and bills what was consumed', async () => {
    const prompt = unique('[[delay:40]] [[words:300]] A very long answer please');
    const sent = await chat.postMessage(prompt);
    await eventually(async () => (await chat.frames(sent.generationId)).length >= 2);

    const requestedAt = Date.now();
    await chat.streams.requestCancel(sent.generationId);
    const frames = await chat.waitForEnd(sent.generationId, 5_000);
    const elapsedMs = Date.now() - requestedAt;

    expect(frames.at(-1)?.type).toBe('cancelled');
    expect(elapsedMs).toBeLessThan(500);
    const partial = deltasOf(frames);
    expect(partial.length).toBeGreaterThan(0);
    expect(fakeReply(prompt).startsWith(partial)).toBe(true);
    expect(partial.length).toBeLessThan(fakeReply(prompt).length);

    const generation = await chat.loadGeneration(sent.generationId);
    expect(generation.status).toBe('cancelled');
    expect(generation.assistantMessage).toMatchObject({ status: 'cancelled', content: partial });
    expect(generation.assistantMessage.outputTokens).toBeGreaterThan(0);
    const usage = await eventually(async () => {
      const events = await chat.usageEventsFor(sent.generationId);
      return events.length > 0 ? events : undefined;
    });
    expect(usage).toHaveLength(1);
  });

  it('cancels a generation whose cancel arrived while it was queued, without calling the provider', async () => {
    const prompt = unique('Never mind');
    const exchange = await chat.createExchange(await chat.createChat(), prompt);
    await chat.streams.requestCancel(exchange.generationId);
    const entryId = await chat.publishRequest(exchange);

    const frames = await chat.waitForEnd(exchange.generationId);
    expect(frames.map((frame) => frame.type)).toEqual(['cancelled']);
    const generation = await chat.loadGeneration(exchange.generationId);
    expect(generation.status).toBe('cancelled');
    expect(generation.assistantMessage).toMatchObject({
      status: 'cancelled',
      content: '',
      inputTokens: null,
    });
    await chat.waitForAcked(entryId);
    expect(requestsFor(prompt)).toEqual([]);
    expect(await chat.usageEventsFor(exchange.generationId)).toEqual([]);
  });

  it('aborts a provider that hangs before its first token', async () => {
    const sent = await chat.postMessage(unique('[[fault:hang]] Anyone there?'));
    await eventually(async () => (await chat.loadGeneration(sent.generationId)).status === 'streaming');
    await chat.streams.requestCancel(sent.generationId);
    const frames = await chat.waitForEnd(sent.generationId, 5_000);
    expect(frames.map((frame) => frame.type)).toEqual(['cancelled']);
  });
});

describe('redelivery', () => {
  it('of a finished generation changes nothing and publishes no second usage.recorded', async () => {
    const sent = await chat.postMessage(unique('Once is enough'));
    const frames = await chat.waitForEnd(sent.generationId);
    await eventually(async () => (await chat.usageEventsFor(sent.generationId)).length === 1);
    const before = await chat.loadGeneration(sent.generationId);

    const again = await chat.publishRequest(sent);
    await chat.waitForAcked(again);

    expect(await chat.frames(sent.generationId)).toEqual(frames);
    expect(await chat.usageEventsFor(sent.generationId)).toHaveLength(1);
    expect(await chat.loadGeneration(sent.generationId)).toEqual(before);
  });

  it('of a generation that is still running here does not start a second run', async () => {
    const prompt = unique('[[delay:10]] Only once please');
    const sent = await chat.postMessage(prompt);
    const duplicate = await chat.publishRequest(sent);
    const frames = await chat.waitForEnd(sent.generationId);
    await chat.waitForAcked(duplicate);
    expect(deltasOf(frames)).toBe(fakeReply(prompt));
    expect((await chat.frames(sent.generationId)).filter((frame) => frame.type === 'done')).toHaveLength(1);
    expect(requestsFor(prompt)).toHaveLength(1);
    expect(await chat.usageEventsFor(sent.generationId)).toHaveLength(1);
  });

  it('of a generation stored as done whose frames were lost restores the done frame and the usage event once', async () => {
    // As if a worker committed the rows and died before appending `done`.
    const exchange = await chat.createExchange(await chat.createChat(), unique('Crash after commit'));
    await chat.prisma.message.update({
      where: { id: exchange.assistantMessageId },
      data: {
        content: 'Stored answer.',
        status: 'complete',
        inputTokens: 12,
        outputTokens: 3,
        costMicros: 18n,
      },
    });
    await chat.prisma.generation.update({
      where: { id: exchange.generationId },
      data: { status: 'done', finishedAt: new Date() },
    });

    await chat.waitForAcked(await chat.publishRequest(exchange));
    await chat.waitForAcked(await chat.publishRequest(exchange));

    const frames = await chat.frames(exchange.generationId);
    expect(frames).toEqual([
      expect.objectContaining({
        type: 'done',
        messageId: exchange.assistantMessageId,
        usage: { inputTokens: 12, outputTokens: 3 },
        costMicros: 18,
      }),
    ]);
    const usage = await chat.usageEventsFor(exchange.generationId);
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ data: { inputTokens: 12, outputTokens: 3, costMicros: 18 } });
  });
});

describe('chat titles', () => {
  it('renames a "New chat" after its first exchange, asking the same model for a few words', async () => {
    const prompt = unique('How do tides work');
    const sent = await chat.postMessage(prompt, { title: 'New chat' });
    await chat.waitForEnd(sent.generationId);
    const title = await eventually(async () => {
      const row = await chat.prisma.chat.findUniqueOrThrow({ where: { id: sent.chatId } });
      return row.title !== 'New chat' ? row.title : undefined;
    });
    const words = title.split(' ');
    expect(words.length).toBeGreaterThanOrEqual(1);
    expect(words.length).toBeLessThanOrEqual(6);
    expect(title).not.toMatch(/[.!?]$/);
    const titleRequest = fake.requests.find(
      (request) => request.stream === false && request.lastUserText?.includes(prompt) === true,
    );
    expect(titleRequest?.model).toBe('fake');
    // The model is shown the whole first exchange: the question and the answer it gave.
    expect(titleRequest?.lastUserText).toContain(`User: ${prompt}`);
    expect(titleRequest?.lastUserText).toContain(`Assistant: ${fakeReply(prompt)}`);
  });

  it('renames only a chat still untitled: a name the user gave meanwhile is kept', async () => {
    const untitled = await chat.createChat({ title: 'New chat' });
    const renamedAt = new Date(untitled.updatedAt.getTime() + 60_000);
    expect(await renameUntitled(chat.prisma, untitled.id, 'Tides and moons', renamedAt)).toBe(true);
    const renamed = await chat.prisma.chat.findUniqueOrThrow({ where: { id: untitled.id } });
    expect(renamed.title).toBe('Tides and moons');
    // As Prisma's @updatedAt did: the renamed chat moves up the list of recent chats.
    expect(renamed.updatedAt).toEqual(renamedAt);

    const named = await chat.createChat({ title: 'My own title' });
    expect(await renameUntitled(chat.prisma, named.id, 'Something else', new Date())).toBe(false);
    const kept = await chat.prisma.chat.findUniqueOrThrow({ where: { id: named.id } });
    expect(kept.title).toBe('My own title');
    expect(await renameUntitled(chat.prisma, 'chat_missing', 'Anything', new Date())).toBe(false);
  });

  it('titles a chat from its own messages only: another chat’s ids give it nothing to read', async () => {
    const own = await chat.createChat({ title: 'New chat' });
    const exchange = await chat.createExchange(own, unique('Our question'));
    const other = await chat.createChat({ title: 'New chat' });
    const foreign = await chat.createExchange(other, unique('Their question'));

    const source = await readTitleSource(chat.prisma, {
      chatId: own.id,
      userMessageId: exchange.userMessageId,
      assistantMessageId: exchange.assistantMessageId,
    });
    expect(source).toMatchObject({ title: 'New chat', userId: own.userId });
    expect(source?.question).toContain('Our question');

    const crossed = await readTitleSource(chat.prisma, {
      chatId: own.id,
      userMessageId: foreign.userMessageId,
      assistantMessageId: foreign.assistantMessageId,
    });
    expect(crossed).toMatchObject({ title: 'New chat', question: null, answer: null });
  });

  it('does not title a "New chat" from a later exchange, only from its first', async () => {
    const first = await chat.createChat({ title: 'New chat' });
    const root = await chat.createExchange(first, unique('Root question'));
    // The root exchange's answer is stored without a run here, so only the reply is generated.
    await chat.prisma.message.update({
      where: { id: root.assistantMessageId },
      data: { content: 'An earlier answer', status: 'complete' },
    });
    const prompt = unique('A follow-up');
    const reply = await chat.createExchange(first, prompt, root.assistantMessageId);
    const entryId = await chat.publishRequest(reply);
    await chat.waitForEnd(reply.generationId);
    await chat.waitForAcked(entryId);
    expect(await chat.redis.exists(`${chat.prefix}bull:${TITLE_QUEUE}:title-${first.id}`)).toBe(0);
    expect(
      fake.requests.filter((request) => request.stream === false && request.lastUserText?.includes(prompt)),
    ).toEqual([]);
  });

  it('leaves a chat the user has titled alone', async () => {
    const prompt = unique('Keep my title');
    const sent = await chat.postMessage(prompt, { title: 'My own title' });
    await chat.waitForEnd(sent.generationId);
    await chat.waitForAcked(sent.entryId);
    // The worker decides on a title job before it acks the entry: by now a job for this chat
    // would be queued (its key in Redis) or done (the fake's request log, the chat's title).
    expect(await chat.redis.exists(`${chat.prefix}bull:${TITLE_QUEUE}:title-${sent.chatId}`)).toBe(0);
    expect((await chat.prisma.chat.findUniqueOrThrow({ where: { id: sent.chatId } })).title).toBe(
      'My own title',
    );
    expect(
      fake.requests.filter((request) => request.stream === false && request.lastUserText?.includes(prompt)),
    ).toEqual([]);
  });
});
