import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatExport } from '@vivier/contracts';
import { clientFor, startTestChatService, type TestChatService } from '../test-support';

let service: TestChatService;
beforeAll(async () => {
  service = await startTestChatService();
});
afterAll(async () => {
  await service.close();
});

async function finish(generationId: string, content: string) {
  const generation = await service.prisma.generation.update({
    where: { id: generationId },
    data: { status: 'done' },
  });
  await service.prisma.message.update({
    where: { id: generation.assistantMessageId },
    data: { content, status: 'complete', inputTokens: 5, outputTokens: 2, costMicros: 7n },
  });
}

/**
 * u1 → a1, a2 (regenerated; newer) → u2, u2' (edit; newer) → answers. Visible branch:
 * u1, a2, u2', a3.
 */
async function branchyChat() {
  const client = clientFor(service, await service.createUser());
  const chat = await client.createChat({
    title: 'Plans: "Q3" / résumé\n',
    settings: { systemPrompt: 'Be terse.' },
  });
  const first = await client.postMessage(chat.id, 'What is 2+2?');
  await finish(first.generationId, 'It is 4, I think.');
  const regenerated = (await client.post(`/api/messages/${first.assistantMessage.id}/regenerate`)).json();
  await finish(regenerated.generationId, 'Four.');
  const second = await client.postMessage(chat.id, 'And 3+3?');
  await finish(second.generationId, 'Old answer.');
  const edited = (
    await client.patch(`/api/messages/${second.userMessage.id}`, { content: 'And 4+4?' })
  ).json();
  await finish(edited.generationId, 'Eight.');
  return { client, chat };
}

describe('export', () => {
  it('exports JSON with every branch, as an attachment with a safe filename', async () => {
    const { client, chat } = await branchyChat();
    const response = await client.get(`/api/chats/${chat.id}/export?format=json`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="Plans-Q3-resume.json"; filename*=UTF-8''Plans%20Q3%20r%C3%A9sum%C3%A9.json`,
    );
    const file = ChatExport.parse(response.json());
    expect(file.chat).toMatchObject({
      title: chat.title,
      provider: 'openai-compatible',
      model: 'fake',
      settings: { systemPrompt: 'Be terse.' },
    });
    expect(file.messages.map((message) => message.content)).toEqual([
      'What is 2+2?',
      'It is 4, I think.',
      'Four.',
      'And 3+3?',
      'Old answer.',
      'And 4+4?',
      'Eight.',
    ]);
    expect(file.messages[2]).toMatchObject({
      usage: { inputTokens: 5, outputTokens: 2 },
      costMicros: 7,
      status: 'complete',
    });
    // The default format is JSON.
    expect((await client.get(`/api/chats/${chat.id}/export`)).headers['content-type']).toMatch(
      /^application\/json/,
    );
  });

  it('exports Markdown of the visible branch only', async () => {
    const { client, chat } = await branchyChat();
    const response = await client.get(`/api/chats/${chat.id}/export?format=markdown`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/markdown/);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="Plans-Q3-resume\.md"/);
    const markdown = response.body;
    expect(markdown).toMatch(/^# Plans: "Q3" \/ résumé\n/);
    expect(markdown).toContain('Be terse.');
    const order = ['What is 2+2?', 'Four.', 'And 4+4?', 'Eight.'].map((text) => markdown.indexOf(text));
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const hidden of ['It is 4, I think.', 'And 3+3?', 'Old answer.'])
      expect(markdown).not.toContain(hidden);
  });

  it('refuses an unknown format', async () => {
    const { client, chat } = await branchyChat();
    expect((await client.get(`/api/chats/${chat.id}/export?format=pdf`)).statusCode).toBe(400);
  });
});

describe('import', () => {
  it('round-trips an export into a new chat with fresh ids and the same tree', async () => {
    const { client, chat } = await branchyChat();
    await client.patch(`/api/chats/${chat.id}`, { pinned: true, tags: ['maths', 'drafts'] });
    const exported = (await client.get(`/api/chats/${chat.id}/export`)).json();
    const response = await client.post('/api/chats/import', exported);
    expect(response.statusCode).toBe(201);
    const imported = response.json();
    expect(imported.id).not.toBe(chat.id);
    expect(imported).toMatchObject({
      title: chat.title,
      provider: 'openai-compatible',
      model: 'fake',
      settings: chat.settings,
      pinned: true,
      tags: ['maths', 'drafts'],
    });

    const again = (await client.get(`/api/chats/${imported.id}/export`)).json();
    const shape = (file: { messages: Array<{ id: string; parentId: string | null }> }) => {
      const index = new Map(file.messages.map((message, position) => [message.id, position]));
      return file.messages.map(({ id: _id, parentId, ...rest }) => ({
        ...rest,
        parent: parentId === null ? null : index.get(parentId),
      }));
    };
    expect(shape(again)).toEqual(shape(exported));
    const oldIds = new Set(exported.messages.map((message: { id: string }) => message.id));
    expect(again.messages.some((message: { id: string }) => oldIds.has(message.id))).toBe(false);
    // Both chats list, and the Markdown of the copy is the same conversation.
    const markdown = (await client.get(`/api/chats/${imported.id}/export?format=markdown`)).body;
    expect(markdown).toContain('Eight.');
    expect(markdown).not.toContain('Old answer.');
  });

  it('keeps provider and model as given, even ones not configured here', async () => {
    const client = clientFor(service, await service.createUser());
    const file = {
      format: 'vivier.chat',
      version: 1,
      exportedAt: new Date().toISOString(),
      chat: {
        title: 'From elsewhere',
        provider: 'anthropic',
        model: 'claude-legacy',
        settings: {},
        createdAt: '2025-05-01T10:00:00.000Z',
      },
      messages: [
        {
          id: 'a',
          parentId: null,
          role: 'user',
          content: 'hi',
          status: 'complete',
          createdAt: '2025-05-01T10:00:00.000Z',
        },
        {
          id: 'b',
          parentId: 'a',
          role: 'assistant',
          content: 'hel',
          status: 'streaming',
          createdAt: '2025-05-01T10:00:01.000Z',
        },
      ],
    };
    const response = await client.post('/api/chats/import', file);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      provider: 'anthropic',
      model: 'claude-legacy',
      createdAt: '2025-05-01T10:00:00.000Z',
    });
    const messages = (await client.get(`/api/chats/${response.json().id}/messages`)).json().items;
    expect(
      messages.map((message: { content: string; status: string }) => [message.content, message.status]),
    ).toEqual([
      ['hi', 'complete'],
      ['hel', 'cancelled'],
    ]);
    // It reads fine, but answering needs a model this deployment offers.
    const post = await client.post(`/api/chats/${response.json().id}/messages`, { content: 'still there?' });
    expect(post.statusCode).toBe(400);
    expect(post.json().error.details[0].path).toBe('model');
    const switched = await client.patch(`/api/chats/${response.json().id}`, {
      provider: 'openai-compatible',
      model: 'fake',
    });
    expect(switched.statusCode).toBe(200);
    expect(
      (await client.post(`/api/chats/${response.json().id}/messages`, { content: 'now?' })).statusCode,
    ).toBe(202);
  });

  it('refuses broken trees with details: unknown parent, parent after child, cycles, duplicate ids', async () => {
    const client = clientFor(service, await service.createUser());
    const message = (id: string, parentId: string | null) => ({
      id,
      parentId,
      role: 'user',
      content: id,
      status: 'complete',
      createdAt: '2025-05-01T10:00:00.000Z',
    });
    const file = (messages: unknown[]) => ({
      format: 'vivier.chat',
      version: 1,
      exportedAt: new Date().toISOString(),
      chat: {
        title: 'x',
        provider: 'openai',
        model: 'gpt-5.4',
        settings: {},
        createdAt: '2025-05-01T10:00:00.000Z',
      },
      messages,
    });
    const cases: Array<[unknown[], string]> = [
      [[message('a', null), message('b', 'ghost')], 'messages.1.parentId'],
      [[message('b', 'a'), message('a', null)], 'messages.0.parentId'],
      [[message('a', 'b'), message('b', 'a')], 'messages.0.parentId'],
      [[message('a', 'a')], 'messages.0.parentId'],
      [[message('a', null), message('a', null)], 'messages.1.id'],
    ];
    const before = await service.prisma.chat.count();
    for (const [messages, path] of cases) {
      const response = await client.post('/api/chats/import', file(messages));
      expect(response.statusCode, path).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
      expect(response.json().error.details.map((detail: { path: string }) => detail.path)).toContain(path);
    }
    const notOurs = await client.post('/api/chats/import', { format: 'other', messages: [] });
    expect(notOurs.statusCode).toBe(400);
    const nul = await client.post('/api/chats/import', file([{ ...message('a', null), content: 'a\u0000' }]));
    expect(nul.statusCode).toBe(400);
    expect(await service.prisma.chat.count()).toBeGreaterThanOrEqual(before);
  });
});
