import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { newId, busStreamNames } from '@vivier/contracts';
import { createBus } from '@vivier/bus';
import { clientFor, startTestChatService, type TestChatService } from '../test-support';

let service: TestChatService;
beforeAll(async () => {
  service = await startTestChatService();
});
afterAll(async () => {
  await service.close();
});

async function newClient() {
  return clientFor(service, await service.createUser());
}

async function requestedEvents() {
  const entries = await service.deps.redis.xrange(
    `${service.env.REDIS_PREFIX}${busStreamNames.generationRequests}`,
    '-',
    '+',
  );
  return entries.map(([, fields]) => JSON.parse(fields[1]!));
}

/** Plays provider-worker's last step: the answer is written and the generation done. */
async function finishGeneration(generationId: string, content: string) {
  const generation = await service.prisma.generation.update({
    where: { id: generationId },
    data: { status: 'done', finishedAt: new Date() },
  });
  await service.prisma.message.update({
    where: { id: generation.assistantMessageId },
    data: {
      content,
      status: 'complete',
      inputTokens: 12,
      outputTokens: 3,
      costMicros: 42n,
      finishReason: 'stop',
    },
  });
}

describe('POST /api/chats/:id/messages', () => {
  it('writes the user message, an empty assistant message and a queued generation, then publishes the request', async () => {
    const user = await service.createUser();
    const client = clientFor(service, user);
    const chat = await client.createChat();
    const response = await client.post(`/api/chats/${chat.id}/messages`, { content: '  Hello\nthere  ' });
    expect(response.statusCode).toBe(202);
    const { userMessage, assistantMessage, generationId } = response.json();
    expect(userMessage).toMatchObject({
      chatId: chat.id,
      parentId: null,
      role: 'user',
      content: '  Hello\nthere  ',
      status: 'complete',
    });
    expect(assistantMessage).toMatchObject({
      parentId: userMessage.id,
      role: 'assistant',
      content: '',
      status: 'streaming',
      provider: 'openai-compatible',
      model: 'fake',
      generationId,
    });
    const generation = await service.prisma.generation.findUniqueOrThrow({ where: { id: generationId } });
    expect(generation).toMatchObject({
      status: 'queued',
      userMessageId: userMessage.id,
      assistantMessageId: assistantMessage.id,
      provider: 'openai-compatible',
      model: 'fake',
    });
    expect(await service.prisma.message.count({ where: { chatId: chat.id } })).toBe(2);

    const event = (await requestedEvents()).find((candidate) => candidate.data.generationId === generationId);
    expect(event).toMatchObject({
      type: 'generation.requested',
      version: 1,
      requestId: response.headers['x-request-id'],
      data: { generationId, chatId: chat.id, userId: user.id, assistantMessageId: assistantMessage.id },
    });
  });

  it('continues the latest branch by default, accepts an explicit parent of this chat, refuses any other', async () => {
    const client = await newClient();
    const chat = await client.createChat();
    const first = await client.postMessage(chat.id, 'one');
    const second = await client.postMessage(chat.id, 'two');
    expect(second.userMessage.parentId).toBe(first.assistantMessage.id);

    const branch = await client.postMessage(chat.id, 'other way', { parentId: first.userMessage.id });
    expect(branch.userMessage.parentId).toBe(first.userMessage.id);
    const root = await client.postMessage(chat.id, 'fresh start', { parentId: null });
    expect(root.userMessage.parentId).toBeNull();

    const otherChat = await client.createChat();
    const foreignMessage = await client.postMessage(otherChat.id, 'elsewhere');
    for (const parentId of [foreignMessage.userMessage.id, 'msg_doesnotexist', 'garbage']) {
      const response = await client.post(`/api/chats/${chat.id}/messages`, { content: 'x', parentId });
      expect(response.statusCode, parentId).toBe(400);
      expect(response.json().error.details[0].path).toBe('parentId');
    }
  });

  it('attaches the caller’s own files and refuses anyone else’s, writing nothing', async () => {
    const user = await service.createUser();
    const client = clientFor(service, user);
    const stranger = await service.createUser();
    const file = (userId: string) =>
      service.prisma.file.create({
        data: {
          id: newId('file'),
          userId,
          name: 'a.png',
          contentType: 'image/png',
          size: 3,
          storageKey: newId('file'),
        },
      });
    const mine = await file(user.id);
    const theirs = await file(stranger.id);
    const chat = await client.createChat();
    const refused = await client.post(`/api/chats/${chat.id}/messages`, {
      content: 'look',
      fileIds: [mine.id, theirs.id],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].path).toBe('fileIds');
    expect(await service.prisma.message.count({ where: { chatId: chat.id } })).toBe(0);

    const { userMessage } = await client.postMessage(chat.id, 'look', { fileIds: [mine.id] });
    expect(userMessage.fileIds).toEqual([mine.id]);
    expect((await service.prisma.file.findUniqueOrThrow({ where: { id: mine.id } })).messageId).toBe(
      userMessage.id,
    );
  });

  it('passes the caller’s traceparent on in the bus event', async () => {
    const user = await service.createUser();
    const chat = await clientFor(service, user).createChat();
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const response = await service.app.inject({
      method: 'POST',
      url: `/api/chats/${chat.id}/messages`,
      headers: { ...user.headers, traceparent },
      payload: { content: 'traced' },
    });
    const event = (await requestedEvents()).find(
      (candidate) => candidate.data.generationId === response.json().generationId,
    );
    expect(event.traceparent).toBe(traceparent);
  });

  it('refuses empty content and NUL characters', async () => {
    const client = await newClient();
    const chat = await client.createChat();
    for (const content of ['', 'a\u0000b']) {
      const response = await client.post(`/api/chats/${chat.id}/messages`, { content });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details[0].path).toBe('content');
    }
    expect(await service.prisma.message.count({ where: { chatId: chat.id } })).toBe(0);
  });

  it('lists every message of every branch, oldest first, assistant messages with their generation', async () => {
    const client = await newClient();
    const chat = await client.createChat();
    const first = await client.postMessage(chat.id, 'one');
    await client.post(`/api/messages/${first.assistantMessage.id}/regenerate`);
    const response = await client.get(`/api/chats/${chat.id}/messages`);
    expect(response.statusCode).toBe(200);
    const items = response.json().items;
    expect(items.map((message: { role: string }) => message.role)).toEqual([
      'user',
      'assistant',
      'assistant',
    ]);
    expect(items[1].generationId).toBe(first.generationId);
    expect(items[2].generationId).toMatch(/^gen_/);
    expect(items[0].generationId).toBeNull();
  });
});

describe('branching', () => {
  it('regenerating an answer adds a sibling answer to the same user message', async () => {
    const client = await newClient();
    const chat = await client.createChat();
    const first = await client.postMessage(chat.id, 'question');
    const response = await client.post(`/api/messages/${first.assistantMessage.id}/regenerate`);
    expect(response.statusCode).toBe(202);
    const { assistantMessage, generationId } = response.json();
    expect(assistantMessage.parentId).toBe(first.userMessage.id);
    expect(assistantMessage.id).not.toBe(first.assistantMessage.id);
    const generation = await service.prisma.generation.findUniqueOrThrow({ where: { id: generationId } });
    expect(generation).toMatchObject({
      status: 'queued',
      userMessageId: first.userMessage.id,
      assistantMessageId: assistantMessage.id,
    });
    expect((await requestedEvents()).some((event) => event.data.generationId === generationId)).toBe(true);

    // On a user message: a new answer to it.
    const again = await client.post(`/api/messages/${first.userMessage.id}/regenerate`);
    expect(again.statusCode).toBe(202);
    expect(again.json().assistantMessage.parentId).toBe(first.userMessage.id);
  });

  it('editing a user message adds a sibling with the new text and answers it', async () => {
    const client = await newClient();
    const chat = await client.createChat();
    const first = await client.postMessage(chat.id, 'first');
    const second = await client.postMessage(chat.id, 'sceond');
    const response = await client.patch(`/api/messages/${second.userMessage.id}`, { content: 'second' });
    expect(response.statusCode).toBe(202);
    const { userMessage, assistantMessage, generationId } = response.json();
    expect(userMessage).toMatchObject({
      parentId: first.assistantMessage.id,
      content: 'second',
      role: 'user',
    });
    expect(userMessage.id).not.toBe(second.userMessage.id);
    expect(assistantMessage).toMatchObject({ parentId: userMessage.id, status: 'streaming', generationId });
    // The original stays as the other branch.
    const original = await service.prisma.message.findUniqueOrThrow({ where: { id: second.userMessage.id } });
    expect(original.content).toBe('sceond');
  });

  it('editing an answer corrects it in place, but not while it is still being written', async () => {
    const client = await newClient();
    const chat = await client.createChat();
    const { assistantMessage, generationId } = await client.postMessage(chat.id, 'hi');
    const early = await client.patch(`/api/messages/${assistantMessage.id}`, { content: 'edited' });
    expect(early.statusCode).toBe(409);
    await finishGeneration(generationId, 'Hello!');
    const response = await client.patch(`/api/messages/${assistantMessage.id}`, {
      content: 'Hello, corrected.',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: assistantMessage.id,
      content: 'Hello, corrected.',
      status: 'complete',
      usage: { inputTokens: 12, outputTokens: 3 },
      costMicros: 42,
      generationId,
    });
    expect(await service.prisma.message.count({ where: { chatId: chat.id } })).toBe(2);
  });
});

describe('POST /api/generations/:id/cancel', () => {
  it('answers 202 while the generation runs and 409 once it has ended', async () => {
    const client = await newClient();
    const chat = await client.createChat();
    const { generationId } = await client.postMessage(chat.id, 'long essay please');
    const response = await client.post(`/api/generations/${generationId}/cancel`);
    expect(response.statusCode).toBe(202);
    expect(await service.streams.isCancelRequested(generationId)).toBe(true);

    await service.prisma.generation.update({
      where: { id: generationId },
      data: { status: 'cancelled', finishedAt: new Date() },
    });
    const ended = await client.post(`/api/generations/${generationId}/cancel`);
    expect(ended.statusCode).toBe(409);
    expect(ended.json().error.code).toBe('GENERATION_ENDED');
  });
});

describe('when the bus is down', () => {
  it('answers 503 and leaves no queued generation behind', async () => {
    const broken = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    broken.on('error', () => {});
    const downService = await startTestChatService(
      {},
      {
        adjustDeps: (deps) => ({ ...deps, bus: createBus({ redis: broken, prefix: 'unused:' }) }),
      },
    );
    try {
      const client = clientFor(downService, await downService.createUser());
      const chat = await client.createChat();
      const response = await client.post(`/api/chats/${chat.id}/messages`, { content: 'hello?' });
      expect(response.statusCode).toBe(503);
      expect(response.json().error.code).toBe('UPSTREAM_UNAVAILABLE');
      const generations = await downService.prisma.generation.findMany({
        where: { chatId: chat.id },
        include: { assistantMessage: true },
      });
      expect(generations).toHaveLength(1);
      expect(generations[0]).toMatchObject({ status: 'failed', errorCode: 'UPSTREAM_UNAVAILABLE' });
      expect(generations[0]!.assistantMessage).toMatchObject({
        status: 'failed',
        errorCode: 'UPSTREAM_UNAVAILABLE',
      });
    } finally {
      await downService.close();
      broken.disconnect();
    }
  });
});
