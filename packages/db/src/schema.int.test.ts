import { newId } from '@vivier/contracts';
import { describe, expect, it } from 'vitest';
import { isUniqueViolation } from './errors';
import { useTestPrisma } from './test-database';

const db = useTestPrisma();

async function createUser(email = `${newId('user')}@example.com`) {
  return db.client.user.create({ data: { id: newId('user'), email, passwordHash: 'x' } });
}

async function createChatWithMessages(userId: string, title: string, contents: string[]) {
  const chat = await db.client.chat.create({
    data: { id: newId('chat'), userId, title, provider: 'openai', model: 'gpt-4o-mini' },
  });
  let parentId: string | null = null;
  const ids: string[] = [];
  for (const [index, content] of contents.entries()) {
    const message: { id: string } = await db.client.message.create({
      data: {
        id: newId('message'),
        chatId: chat.id,
        parentId,
        role: index % 2 === 0 ? 'user' : 'assistant',
        content,
        status: 'complete',
      },
    });
    ids.push(message.id);
    parentId = message.id;
  }
  return { chat, messageIds: ids };
}

describe('full-text search', () => {
  it('finds a message by a word of its content', async () => {
    const user = await createUser();
    const { messageIds } = await createChatWithMessages(user.id, 'Cooking', [
      'How long should I knead sourdough?',
      'About ten minutes, until the dough is smooth.',
    ]);

    const hits = await db.client.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Message" WHERE search @@ plainto_tsquery('simple', ${'Sourdough'})`;
    expect(hits.map((hit) => hit.id)).toEqual([messageIds[0]]);

    const misses = await db.client.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Message" WHERE search @@ plainto_tsquery('simple', ${'croissant'})`;
    expect(misses).toEqual([]);
  });

  it('keeps the search column in step with edits and finds chats by title', async () => {
    const user = await createUser();
    const { chat, messageIds } = await createChatWithMessages(user.id, 'Quarterly budget review', [
      'first draft',
    ]);
    await db.client.message.update({ where: { id: messageIds[0] }, data: { content: 'second revision' } });

    const byContent = await db.client.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Message" WHERE search @@ plainto_tsquery('simple', ${'revision'})`;
    expect(byContent.map((hit) => hit.id)).toEqual([messageIds[0]]);

    const byTitlePrefix = await db.client.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Chat" WHERE search @@ to_tsquery('simple', ${'budg:*'})`;
    expect(byTitlePrefix.map((hit) => hit.id)).toEqual([chat.id]);
  });

  it('has GIN indexes on every search column (chats, messages, knowledge passages)', async () => {
    // pg_catalog's `name` type must be cast: adapter-pg cannot decode it (prisma/orm#27403).
    const indexes = await db.client.$queryRaw<{ indexname: string }[]>`
      SELECT indexname::text FROM pg_indexes WHERE indexdef ILIKE '%USING gin (search)%' ORDER BY indexname`;
    expect(indexes.map((index) => index.indexname)).toEqual([
      'Chat_search_idx',
      'KnowledgeChunk_search_idx',
      'Message_search_idx',
    ]);
  });
});

describe('constraints', () => {
  it('rejects a second user with the same email', async () => {
    await createUser('taken@example.com');
    const duplicate = await createUser('taken@example.com').catch((error: unknown) => error);
    expect(isUniqueViolation(duplicate)).toBe(true);
    expect(isUniqueViolation(duplicate, ['email'])).toBe(true);
    expect(isUniqueViolation(duplicate, ['tokenHash'])).toBe(false);
    expect(await db.client.user.count({ where: { email: 'taken@example.com' } })).toBe(1);
  });

  it('deletes a message subtree with its root, and a chat with everything in it', async () => {
    const user = await createUser();
    const { chat, messageIds } = await createChatWithMessages(user.id, 'Tree', ['a', 'b', 'c']);
    const [root, reply, leaf] = messageIds as [string, string, string];
    await db.client.generation.create({
      data: {
        id: newId('generation'),
        chatId: chat.id,
        userId: user.id,
        userMessageId: root,
        assistantMessageId: reply,
        provider: 'openai',
        model: 'gpt-4o-mini',
        status: 'done',
      },
    });

    await db.client.message.delete({ where: { id: reply } });
    expect(await db.client.message.findMany({ where: { chatId: chat.id }, select: { id: true } })).toEqual([
      { id: root },
    ]);
    expect(await db.client.message.findUnique({ where: { id: leaf } })).toBeNull();
    expect(await db.client.generation.count({ where: { chatId: chat.id } })).toBe(0);

    await db.client.chat.delete({ where: { id: chat.id } });
    expect(await db.client.message.count({ where: { chatId: chat.id } })).toBe(0);
  });

  it('stores BigInt costs, JSON settings and id arrays as given', async () => {
    const user = await createUser();
    const chat = await db.client.chat.create({
      data: {
        id: newId('chat'),
        userId: user.id,
        title: '  spaced  ',
        provider: 'anthropic',
        model: 'claude',
        settings: { temperature: 0.2 },
      },
    });
    const message = await db.client.message.create({
      data: {
        id: newId('message'),
        chatId: chat.id,
        role: 'assistant',
        content: '',
        status: 'streaming',
        costMicros: 9_007_199_254_740_993n,
        fileIds: ['fil_1', 'fil_2'],
      },
    });
    const reread = await db.client.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(reread.costMicros).toBe(9_007_199_254_740_993n);
    expect(reread.fileIds).toEqual(['fil_1', 'fil_2']);
    expect((await db.client.chat.findUniqueOrThrow({ where: { id: chat.id } })).settings).toEqual({
      temperature: 0.2,
    });
    expect(chat.title).toBe('  spaced  ');
    expect(chat.archived).toBe(false);
  });
});
