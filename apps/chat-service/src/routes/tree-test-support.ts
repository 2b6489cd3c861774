import { expect } from 'vitest';
import { clientFor, type TestChatService, type TestUser } from '../test-support';

/**
 * A chat with two branches, imported through the public route so every message is settled:
 *
 *   Q1 → A1 → Q2 first  → A2 first
 *            → Q2 edited → A2 edited
 *                        → (a failed retry, newest: the visible branch ends on it)
 */
export async function importBranchedChat(service: TestChatService, user: TestUser) {
  const client = clientFor(service, user);
  const at = (minute: number) => new Date(Date.UTC(2025, 4, 1, 10, minute)).toISOString();
  const message = (
    id: string,
    parentId: string | null,
    role: string,
    content: string,
    minute: number,
    status = 'complete',
  ) => ({
    id,
    parentId,
    role,
    content,
    status,
    createdAt: at(minute),
  });
  const response = await client.post('/api/chats/import', {
    format: 'vivier.chat',
    version: 1,
    exportedAt: at(30),
    chat: {
      title: 'Trip planning',
      provider: 'openai',
      model: 'gpt-5.4',
      settings: { systemPrompt: 'SECRET-SYSTEM-PROMPT', temperature: 0.3 },
      createdAt: at(0),
    },
    messages: [
      message('q1', null, 'user', 'Q1', 1),
      message('a1', 'q1', 'assistant', 'A1', 2),
      message('q2', 'a1', 'user', 'Q2 first', 3),
      message('a2', 'q2', 'assistant', 'A2 first', 4),
      message('q2b', 'a1', 'user', 'Q2 edited', 5),
      message('a2b', 'q2b', 'assistant', 'A2 edited', 6),
      message('a2c', 'q2b', 'assistant', '', 7, 'failed'),
    ],
  });
  expect(response.statusCode).toBe(201);
  const chat = response.json<{ id: string; title: string }>();
  const tree = await client.get(`/api/chats/${chat.id}/messages`);
  const items = tree.json<{ items: Array<{ id: string; content: string; status: string }> }>().items;
  const idOf = (content: string) =>
    items.find((item) => item.content === content && item.status === 'complete')!.id;
  return {
    chat,
    ids: {
      q1: idOf('Q1'),
      a1: idOf('A1'),
      q2: idOf('Q2 first'),
      a2: idOf('A2 first'),
      q2b: idOf('Q2 edited'),
      a2b: idOf('A2 edited'),
      a2c: items.find((item) => item.status === 'failed')!.id,
    },
    minute: at,
  };
}
