import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, startTestChatService, type TestChatService } from '../test-support';

const IMPORT_LIMIT_BYTES = 64 * 1024;

let service: TestChatService;
beforeAll(async () => {
  service = await startTestChatService({ IMPORT_LIMIT_BYTES: String(IMPORT_LIMIT_BYTES) });
});
afterAll(async () => {
  await service.close();
});

interface TreeMessage {
  id: string;
  parentId: string | null;
  role: string;
  content: string;
  model: string | null;
  createdAt: string;
}

/** The tree as `[content, parent's content]`, to compare without ids. */
async function treeOf(client: ReturnType<typeof clientFor>, chatId: string) {
  const items: TreeMessage[] = (await client.get(`/api/chats/${chatId}/messages`)).json().items;
  const byId = new Map(items.map((message) => [message.id, message]));
  return items.map((message) => [
    message.content,
    message.parentId === null ? null : byId.get(message.parentId)!.content,
  ]);
}

const chatGptNode = (id: string, parent: string | null, role: string, text: string, at: number) => ({
  id,
  parent,
  children: [],
  message: {
    id,
    author: { role },
    create_time: at,
    content: { content_type: 'text', parts: [text] },
    metadata: { model_slug: role === 'assistant' ? 'gpt-4o' : undefined },
    recipient: 'all',
  },
});

const chatGptConversation = (title: string) => ({
  title,
  create_time: 1_714_000_000,
  update_time: 1_714_000_500,
  mapping: {
    root: { id: 'root', parent: null, children: ['sys'], message: null },
    sys: chatGptNode('sys', 'root', 'system', '', 1_714_000_000),
    q: chatGptNode('q', 'sys', 'user', 'Name a colour', 1_714_000_001),
    a: chatGptNode('a', 'q', 'assistant', 'Red', 1_714_000_002),
    a2: chatGptNode('a2', 'q', 'assistant', 'Blue', 1_714_000_003),
  },
  current_node: 'a2',
});

describe('POST /api/chats/import with other apps’ exports', () => {
  it('ChatGPT: every conversation, owned by the caller, titles, dates, branches, a model offered here', async () => {
    const owner = clientFor(service, await service.createUser());
    const response = await owner.post('/api/chats/import', [
      chatGptConversation('Colours'),
      chatGptConversation('Again'),
    ]);
    expect(response.statusCode, response.body).toBe(201);
    const { format, items } = response.json();
    expect(format).toBe('chatgpt');
    expect(items.map((chat: { title: string }) => chat.title)).toEqual(['Colours', 'Again']);
    expect(items[0]).toMatchObject({
      createdAt: new Date(1_714_000_000_000).toISOString(),
      updatedAt: new Date(1_714_000_500_000).toISOString(),
    });
    // gpt-4o is not offered by this server: the chat gets one it offers; answers keep the source's name.
    const models = (await owner.get('/api/models')).json().items;
    const expected = models.find((model: { default?: boolean }) => model.default) ?? models[0];
    expect(items[0]).toMatchObject({ provider: expected.provider, model: expected.id });
    expect(await treeOf(owner, items[0].id)).toEqual([
      ['Name a colour', null],
      ['Red', 'Name a colour'],
      ['Blue', 'Name a colour'],
    ]);
    const messages: TreeMessage[] = (await owner.get(`/api/chats/${items[0].id}/messages`)).json().items;
    expect(messages[1]).toMatchObject({
      model: 'gpt-4o',
      createdAt: new Date(1_714_000_002_000).toISOString(),
    });
    expect((await owner.get('/api/chats')).json().items).toHaveLength(2);

    const stranger = clientFor(service, await service.createUser());
    expect((await stranger.get(`/api/chats/${items[0].id}`)).statusCode).toBe(404);
  });

  it('Claude: linear chats with their names and dates', async () => {
    const owner = clientFor(service, await service.createUser());
    const response = await owner.post('/api/chats/import', [
      {
        uuid: 'c1',
        name: 'Haiku',
        created_at: '2025-02-01T08:00:00.000000+00:00',
        updated_at: '2025-02-01T08:10:00.000000+00:00',
        chat_messages: [
          { uuid: 'm1', sender: 'human', text: 'A haiku on rain', created_at: '2025-02-01T08:00:01Z' },
          {
            uuid: 'm2',
            sender: 'assistant',
            text: 'Soft rain',
            content: [{ type: 'text', text: 'Soft rain' }],
            created_at: '2025-02-01T08:00:05Z',
          },
        ],
      },
    ]);
    expect(response.statusCode, response.body).toBe(201);
    const [chat] = response.json().items;
    expect(chat).toMatchObject({
      title: 'Haiku',
      createdAt: '2025-02-01T08:00:00.000Z',
      updatedAt: '2025-02-01T08:10:00.000Z',
    });
    expect(await treeOf(owner, chat.id)).toEqual([
      ['A haiku on rain', null],
      ['Soft rain', 'A haiku on rain'],
    ]);
  });

  it('LibreChat: one conversation, tree kept', async () => {
    const owner = clientFor(service, await service.createUser());
    const root = '00000000-0000-0000-0000-000000000000';
    const response = await owner.post('/api/chats/import', {
      conversationId: 'lc1',
      title: 'Units',
      endpoint: 'openAI',
      model: 'gpt-4o-mini',
      messages: [
        {
          messageId: 'u',
          parentMessageId: root,
          isCreatedByUser: true,
          sender: 'User',
          text: '1 mile in km?',
          createdAt: '2025-01-01T00:00:00.000Z',
        },
        {
          messageId: 'a',
          parentMessageId: 'u',
          isCreatedByUser: false,
          sender: 'GPT',
          text: '1.609',
          createdAt: '2025-01-01T00:00:01.000Z',
        },
        {
          messageId: 'b',
          parentMessageId: 'u',
          isCreatedByUser: false,
          sender: 'GPT',
          text: 'About 1.6',
          createdAt: '2025-01-01T00:00:09.000Z',
        },
      ],
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().format).toBe('librechat');
    const [chat] = response.json().items;
    expect(chat).toMatchObject({ title: 'Units', createdAt: '2025-01-01T00:00:00.000Z' });
    expect(await treeOf(owner, chat.id)).toEqual([
      ['1 mile in km?', null],
      ['1.609', '1 mile in km?'],
      ['About 1.6', '1 mile in km?'],
    ]);
  });

  it('Open WebUI: every chat, history tree kept', async () => {
    const owner = clientFor(service, await service.createUser());
    const response = await owner.post('/api/chats/import', [
      {
        id: 'w1',
        title: 'Tea',
        created_at: 1_735_000_000,
        updated_at: 1_735_000_100,
        chat: {
          title: 'Tea',
          models: ['llama3.1:8b'],
          history: {
            currentId: 'a',
            messages: {
              u: {
                id: 'u',
                parentId: null,
                childrenIds: ['a'],
                role: 'user',
                content: 'Green or black?',
                timestamp: 1_735_000_001,
              },
              a: {
                id: 'a',
                parentId: 'u',
                childrenIds: [],
                role: 'assistant',
                content: 'Green.',
                model: 'llama3.1:8b',
                timestamp: 1_735_000_002,
              },
            },
          },
        },
      },
    ]);
    expect(response.statusCode, response.body).toBe(201);
    const [chat] = response.json().items;
    expect(chat).toMatchObject({
      title: 'Tea',
      createdAt: new Date(1_735_000_000_000).toISOString(),
      updatedAt: new Date(1_735_000_100_000).toISOString(),
    });
    expect(await treeOf(owner, chat.id)).toEqual([
      ['Green or black?', null],
      ['Green.', 'Green or black?'],
    ]);
  });

  it('a bad file is refused with the format and the place, and nothing of it is written', async () => {
    const owner = clientFor(service, await service.createUser());
    const before = await service.prisma.chat.count();
    const broken = {
      ...chatGptConversation('Broken'),
      mapping: { x: { parent: null, message: { author: {} } } },
    };
    const response = await owner.post('/api/chats/import', [chatGptConversation('Fine'), broken]);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'Invalid ChatGPT export',
      meta: { format: 'chatgpt' },
    });
    expect(response.json().error.details.map((detail: { path: string }) => detail.path)).toContain(
      '1.mapping.x.message.author.role',
    );
    // Duplicate Claude ids pass the parser but not the tree check: still nothing written.
    const duplicate = { uuid: 'm', sender: 'human', text: 'x', created_at: '2025-01-01T00:00:00Z' };
    const claude = await owner.post('/api/chats/import', [
      { uuid: 'ok', name: 'ok', created_at: '2025-01-01T00:00:00Z', chat_messages: [] },
      { uuid: 'c', name: 'c', created_at: '2025-01-01T00:00:00Z', chat_messages: [duplicate, duplicate] },
    ]);
    expect(claude.statusCode).toBe(400);
    expect(claude.json().error.details[0].path).toBe('1.messages.1.id');
    const unknown = await owner.post('/api/chats/import', [{ hello: 'world' }]);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toMatch(/ChatGPT, Claude, LibreChat or Open WebUI/);
    expect(await service.prisma.chat.count()).toBe(before);
    expect((await owner.get('/api/chats')).json().items).toHaveLength(0);
  });

  it('a file over IMPORT_LIMIT_BYTES is refused with 413 and the limit', async () => {
    const owner = clientFor(service, await service.createUser());
    const big = [{ ...chatGptConversation('x'), title: 'x'.repeat(IMPORT_LIMIT_BYTES) }];
    const response = await owner.post('/api/chats/import', big);
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      meta: { limitBytes: IMPORT_LIMIT_BYTES },
    });
  });
});
