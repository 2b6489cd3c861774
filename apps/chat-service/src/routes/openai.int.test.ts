import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@vivier/testkit';
import { OpenAiErrorBody } from '@vivier/contracts';
import {
  clientFor,
  DEMO_MODEL,
  startTestChatService,
  type TestChatService,
  type TestUser,
} from '../test-support';

/**
 * /v1 as chat-service serves it behind the gateway (which swapped the API key for the user's
 * access token). No provider-worker runs here: the test plays it, settling the rows and writing
 * the frames as the worker does (rows first, then the terminal frame). The real worker and the
 * `openai` SDK are in e2e/openai-api.test.ts.
 */
let service: TestChatService;
let baseUrl: string;

beforeAll(async () => {
  service = await startTestChatService();
  baseUrl = await service.listen();
});
afterAll(async () => {
  await service.close();
});

const completion = (user: TestUser, payload: Record<string, unknown>) =>
  service.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: user.headers, payload });

/** The user's one queued generation, once the request has started it. */
const queuedGeneration = (user: TestUser) =>
  eventually(
    async () =>
      (await service.prisma.generation.findFirst({ where: { userId: user.id, status: 'queued' } })) ??
      undefined,
  );

/** What the worker does at the end: rows settled, then the deltas and the terminal frame. */
async function answer(generationId: string, parts: string[], finishReason = 'stop') {
  const generation = await service.prisma.generation.findUniqueOrThrow({ where: { id: generationId } });
  await service.prisma.message.update({
    where: { id: generation.assistantMessageId },
    data: { content: parts.join(''), status: 'complete', finishReason, inputTokens: 12, outputTokens: 5 },
  });
  await service.prisma.generation.update({ where: { id: generationId }, data: { status: 'done' } });
  for (const text of parts) await service.streams.append(generationId, { type: 'delta', text });
  await service.streams.append(generationId, {
    type: 'done',
    messageId: generation.assistantMessageId,
    usage: { inputTokens: 12, outputTokens: 5 },
    costMicros: 7,
  });
}

const chatsOf = (user: TestUser) => service.prisma.chat.count({ where: { userId: user.id } });

describe('GET /v1/models', () => {
  it('lists the offered models in OpenAI’s shape', async () => {
    const user = await service.createUser();
    const response = await service.app.inject({ method: 'GET', url: '/v1/models', headers: user.headers });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      object: string;
      data: Array<{ id: string; object: string; owned_by: string }>;
    }>();
    expect(body.object).toBe('list');
    expect(body.data).toContainEqual({
      id: DEMO_MODEL.model,
      object: 'model',
      created: 0,
      owned_by: DEMO_MODEL.provider,
    });
  });
});

describe('POST /v1/chat/completions', () => {
  it('answers through a generation, with the conversation as the chat, and keeps nothing afterwards', async () => {
    const user = await service.createUser();
    const pending = completion(user, {
      model: DEMO_MODEL.model,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: [{ type: 'text', text: 'How are you?' }] },
      ],
      temperature: 0.5,
      max_tokens: 50,
    });
    const generation = await queuedGeneration(user);
    const chat = await service.prisma.chat.findUniqueOrThrow({ where: { id: generation.chatId } });
    expect(chat).toMatchObject({
      title: 'API request',
      provider: DEMO_MODEL.provider,
      model: DEMO_MODEL.model,
    });
    expect(chat.settings).toEqual({ systemPrompt: 'Be brief.', temperature: 0.5, maxTokens: 50 });
    const messages = await service.prisma.message.findMany({
      where: { chatId: chat.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(messages.map((message) => [message.role, message.content])).toEqual([
      ['user', 'Hi'],
      ['assistant', 'Hello!'],
      ['user', 'How are you?'],
      ['assistant', ''],
    ]);
    expect(messages.map((message) => message.parentId)).toEqual([
      null,
      ...messages.slice(0, 3).map((m) => m.id),
    ]);

    await answer(generation.id, ['Fine, ', 'thanks.'], 'length');
    const response = await pending;
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: `chatcmpl-${generation.id}`,
      object: 'chat.completion',
      created: expect.any(Number),
      model: DEMO_MODEL.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Fine, thanks.', refusal: null },
          finish_reason: 'length',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
    });
    await eventually(async () => (await chatsOf(user)) === 0);
  });

  it('keeps the chat, listed like any other, when asked with `store: true`', async () => {
    const user = await service.createUser();
    const pending = completion(user, {
      model: DEMO_MODEL.model,
      store: true,
      messages: [{ role: 'user', content: 'Keep me' }],
    });
    await answer((await queuedGeneration(user)).id, ['Kept.']);
    const body = (await pending).json<{ vivier_chat_id: string }>();
    const listed = await clientFor(service, user).get('/api/chats');
    expect(listed.json<{ items: Array<{ id: string }> }>().items.map((chat) => chat.id)).toEqual([
      body.vivier_chat_id,
    ]);

    const stranger = await service.createUser();
    expect((await clientFor(service, stranger).get(`/api/chats/${body.vivier_chat_id}`)).statusCode).toBe(
      404,
    );
  });

  it('streams OpenAI chunks: the role, the deltas, the finish reason, the usage when asked, then [DONE]', async () => {
    const user = await service.createUser();
    const response = fetch(`${baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { ...user.headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: DEMO_MODEL.model,
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'Stream it' }],
      }),
    });
    const generation = await queuedGeneration(user);
    await answer(generation.id, ['One ', 'two']);
    const streamed = await response;
    expect(streamed.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = (await streamed.text()).split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.replace(/^data: /, '')));
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({
        id: `chatcmpl-${generation.id}`,
        object: 'chat.completion.chunk',
        model: DEMO_MODEL.model,
      });
    }
    expect(chunks.map((chunk) => chunk.choices[0]?.delta ?? null)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'One ' },
      { content: 'two' },
      {},
      null,
    ]);
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason ?? null)).toEqual([
      null,
      null,
      null,
      'stop',
      null,
    ]);
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(chunks.at(-1).usage).toEqual({ prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 });
    await eventually(async () => (await chatsOf(user)) === 0);
  });

  it('cancels the answer when the client goes away mid-stream, and deletes the chat once it has ended', async () => {
    const user = await service.createUser();
    const controller = new AbortController();
    const response = await fetch(`${baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { ...user.headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: DEMO_MODEL.model,
        stream: true,
        messages: [{ role: 'user', content: 'Bye' }],
      }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read(); // the role chunk: the stream is open
    const generation = await queuedGeneration(user);
    expect(await service.streams.isCancelRequested(generation.id)).toBe(false);
    controller.abort();
    await eventually(async () => service.streams.isCancelRequested(generation.id));
    // The worker's side of a cancel: the rows, then the terminal frame.
    await service.prisma.generation.update({ where: { id: generation.id }, data: { status: 'cancelled' } });
    await service.streams.append(generation.id, { type: 'cancelled' });
    await eventually(async () => (await chatsOf(user)) === 0);
  });

  it('reports a failed answer in OpenAI’s shape with its status', async () => {
    const user = await service.createUser();
    const pending = completion(user, {
      model: DEMO_MODEL.model,
      messages: [{ role: 'user', content: 'Fail' }],
    });
    const generation = await queuedGeneration(user);
    await service.prisma.generation.update({ where: { id: generation.id }, data: { status: 'failed' } });
    await service.streams.append(generation.id, {
      type: 'error',
      code: 'PROVIDER_UNAVAILABLE',
      message: 'The provider is down',
    });
    const response = await pending;
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      error: {
        message: 'The provider is down',
        type: 'server_error',
        param: null,
        code: 'provider_unavailable',
      },
    });
    await eventually(async () => (await chatsOf(user)) === 0);
  });

  it('refuses bad requests in OpenAI’s error shape, leaving no chat behind', async () => {
    const user = await service.createUser();
    const cases: Array<[Record<string, unknown>, number, string | null, string | null]> = [
      [
        { model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] },
        404,
        'model',
        'model_not_found',
      ],
      [{ model: DEMO_MODEL.model, messages: [] }, 400, 'messages', null],
      [{ model: DEMO_MODEL.model, messages: [{ role: 'tool', content: 'x' }] }, 400, 'messages.0.role', null],
      [
        {
          model: DEMO_MODEL.model,
          messages: [
            { role: 'user', content: 'x' },
            { role: 'assistant', content: 'y' },
          ],
        },
        400,
        'messages',
        null,
      ],
      [{ model: DEMO_MODEL.model, n: 2, messages: [{ role: 'user', content: 'x' }] }, 400, 'n', null],
    ];
    for (const [payload, status, param, code] of cases) {
      const response = await completion(user, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(status);
      const body = OpenAiErrorBody.parse(response.json());
      expect(body.error).toMatchObject({ param, code });
    }
    expect(await chatsOf(user)).toBe(0);
  });

  it('answers 401 in OpenAI’s shape without a valid token, and 404 on unknown /v1 paths', async () => {
    const missing = await service.app.inject({ method: 'GET', url: '/v1/models' });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key' });
    const user = await service.createUser();
    const unknown = await service.app.inject({ method: 'GET', url: '/v1/embeddings', headers: user.headers });
    expect(unknown.statusCode).toBe(404);
    expect(OpenAiErrorBody.safeParse(unknown.json()).success).toBe(true);
  });
});
