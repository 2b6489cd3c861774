import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientFor,
  openSocket,
  openSse,
  startTestChatService,
  type TestChatService,
  type TestUser,
} from '../test-support';

/** Issue 17: thinking travels as `reasoning` frames and is kept with the answer. */
let service: TestChatService;
let baseUrl: string;
let user: TestUser;

beforeAll(async () => {
  service = await startTestChatService();
  baseUrl = await service.listen();
  user = await service.createUser();
});
afterAll(async () => {
  await service.close();
});

const THOUGHT = 'The user asks about *rivers*; start with the water cycle.';

/** A chat with one answered exchange whose answer thought first (as provider-worker stores it). */
async function answeredWithThinking() {
  const client = clientFor(service, user);
  const chat = await client.createChat({ title: 'Rivers' });
  const { generationId, assistantMessage } = await client.postMessage(chat.id, 'Why do rivers flow?');
  await service.prisma.generation.update({ where: { id: generationId }, data: { status: 'done' } });
  await service.prisma.message.update({
    where: { id: assistantMessage.id },
    data: {
      content: 'Gravity.',
      status: 'complete',
      reasoning: THOUGHT,
      reasoningMs: 3_200,
      inputTokens: 5,
      outputTokens: 40,
      reasoningTokens: 38,
      costMicros: 9n,
    },
  });
  return { client, chat, generationId, messageId: assistantMessage.id as string };
}

describe('reasoning frames', () => {
  it('reach SSE clients as their own event, and resume after a reasoning frame with nothing repeated', async () => {
    const client = clientFor(service, user);
    const chat = await client.createChat();
    const { generationId } = await client.postMessage(chat.id, 'think aloud');
    const url = `${baseUrl}/api/generations/${generationId}/stream`;
    const first = await openSse(url, user.headers);
    const ids = [
      await service.streams.append(generationId, { type: 'reasoning', text: 'Hmm, ' }),
      await service.streams.append(generationId, { type: 'reasoning', text: 'rivers.' }),
    ];
    await first.waitForEvents(2);
    first.abort();
    await first.ended;
    expect(first.events.map((event) => [event.event, event.data.text])).toEqual([
      ['reasoning', 'Hmm, '],
      ['reasoning', 'rivers.'],
    ]);

    const resumed = await openSse(url, { ...user.headers, 'last-event-id': ids[0]! });
    await service.streams.append(generationId, { type: 'delta', text: 'Gravity.' });
    await service.streams.append(generationId, { type: 'cancelled' });
    await resumed.ended;
    expect(resumed.events.map((event) => [event.event, event.data.text])).toEqual([
      ['reasoning', 'rivers.'],
      ['delta', 'Gravity.'],
      ['cancelled', undefined],
    ]);
  });

  it('reach WebSocket subscribers, and the stored thinking is replayed once the stream has expired', async () => {
    const { generationId, messageId } = await answeredWithThinking();
    const socket = await openSocket(baseUrl, user.headers);
    socket.send({ type: 'subscribe', generationId });
    await socket.waitForFrames(3);
    expect(socket.frames).toEqual([
      { type: 'reasoning', text: THOUGHT, generationId, id: '0-1' },
      { type: 'delta', text: 'Gravity.', generationId, id: '0-2' },
      {
        type: 'done',
        messageId,
        usage: { inputTokens: 5, outputTokens: 40, reasoningTokens: 38 },
        costMicros: 9,
        generationId,
        id: '0-3',
      },
    ]);
    socket.close();
  });
});

describe('stored thinking', () => {
  it('comes back with the messages: reasoning, reasoningMs and the reasoning tokens', async () => {
    const { client, chat, messageId } = await answeredWithThinking();
    const { items } = (await client.get(`/api/chats/${chat.id}/messages`)).json();
    const answer = items.find((message: { id: string }) => message.id === messageId);
    expect(answer).toMatchObject({
      content: 'Gravity.',
      reasoning: THOUGHT,
      reasoningMs: 3_200,
      usage: { inputTokens: 5, outputTokens: 40, reasoningTokens: 38 },
    });
    const question = items.find((message: { role: string }) => message.role === 'user');
    expect(question).toMatchObject({ reasoning: null, reasoningMs: null });
  });

  it('is exported (JSON keeps it through an import; Markdown folds it above the answer)', async () => {
    const { client, chat } = await answeredWithThinking();
    const json = await client.get(`/api/chats/${chat.id}/export?format=json`);
    const exported = json.json();
    expect(exported.messages[1]).toMatchObject({
      reasoning: THOUGHT,
      reasoningMs: 3_200,
      usage: { reasoningTokens: 38 },
    });

    const imported = await client.post('/api/chats/import', exported);
    expect(imported.statusCode).toBe(201);
    const { items } = (await client.get(`/api/chats/${imported.json().id}/messages`)).json();
    expect(items.find((message: { role: string }) => message.role === 'assistant')).toMatchObject({
      reasoning: THOUGHT,
      reasoningMs: 3_200,
      usage: { reasoningTokens: 38 },
    });

    const markdown = (await client.get(`/api/chats/${chat.id}/export?format=markdown`)).body;
    expect(markdown).toContain(`<summary>Thought for 3 s</summary>\n\n${THOUGHT}\n\n</details>\n\nGravity.`);
  });

  it('is left out of share snapshots: a share publishes the answers, not the thinking', async () => {
    const { client, chat } = await answeredWithThinking();
    const { id } = (await client.post(`/api/chats/${chat.id}/share`, {})).json();
    const page = await service.app.inject({ method: 'GET', url: `/api/shares/${id}/public` });
    expect(page.statusCode).toBe(200);
    expect(page.json().messages.map((message: { content: string }) => message.content)).toEqual([
      'Why do rivers flow?',
      'Gravity.',
    ]);
    expect(page.body).not.toContain('water cycle');
  });

  it('follows a fork', async () => {
    const { client, chat, messageId } = await answeredWithThinking();
    const forked = await client.post(`/api/messages/${messageId}/fork`, {});
    expect(forked.statusCode).toBe(201);
    const { items } = (await client.get(`/api/chats/${forked.json().id}/messages`)).json();
    expect(items.find((message: { role: string }) => message.role === 'assistant')).toMatchObject({
      reasoning: THOUGHT,
    });
    expect(chat.id).not.toBe(forked.json().id);
  });
});

describe('reasoning effort', () => {
  it('is a chat setting and a preset setting: low|medium|high|off, anything else refused', async () => {
    const client = clientFor(service, user);
    const chat = await client.createChat({ model: 'fake-thinking', settings: { reasoningEffort: 'high' } });
    expect(chat.settings).toEqual({ reasoningEffort: 'high' });
    const off = await client.patch(`/api/chats/${chat.id}`, { settings: { reasoningEffort: 'off' } });
    expect(off.json().settings).toEqual({ reasoningEffort: 'off' });
    const bad = await client.patch(`/api/chats/${chat.id}`, { settings: { reasoningEffort: 'extreme' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');

    const preset = await client.post('/api/presets', {
      name: 'Deep thinker',
      provider: 'openai-compatible',
      model: 'fake-thinking',
      settings: { reasoningEffort: 'medium' },
    });
    expect(preset.statusCode).toBe(201);
    const fromPreset = await client.createChat({ presetId: preset.json().id });
    expect(fromPreset.settings).toMatchObject({ reasoningEffort: 'medium' });
  });
});
