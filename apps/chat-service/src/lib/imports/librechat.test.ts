import { describe, expect, it } from 'vitest';
import { parseLibreChat } from './librechat';
import { ImportFileError } from './types';

const ROOT = '00000000-0000-0000-0000-000000000000';

const message = (messageId: string, parentMessageId: string, user: boolean, text: string, at: string) => ({
  messageId,
  parentMessageId,
  conversationId: 'c1',
  sender: user ? 'User' : 'GPT-4o',
  isCreatedByUser: user,
  text,
  endpoint: 'openAI',
  ...(user ? {} : { model: 'gpt-4o' }),
  error: false,
  unfinished: false,
  createdAt: at,
  updatedAt: at,
});

const flat = {
  conversationId: 'c1',
  title: 'Regex help',
  endpoint: 'openAI',
  endpointType: null,
  model: 'gpt-4o',
  options: { model: 'gpt-4o' },
  messages: [
    message('u1', ROOT, true, 'Match an email', '2025-01-10T10:00:00.000Z'),
    message('a1', 'u1', false, 'Use \\S+@\\S+', '2025-01-10T10:00:02.000Z'),
    // A regenerated answer: a second child of u1.
    message('a1b', 'u1', false, 'Try a proper parser.', '2025-01-10T10:01:00.000Z'),
  ],
};

describe('parseLibreChat', () => {
  it('keeps the tree of the flat export (regenerations as siblings), root parent as none', () => {
    const [chat] = parseLibreChat(flat);
    expect(chat).toMatchObject({ title: 'Regex help', model: 'gpt-4o' });
    expect(chat!.createdAt).toEqual(new Date('2025-01-10T10:00:00Z'));
    expect(chat!.updatedAt).toEqual(new Date('2025-01-10T10:01:00Z'));
    expect(chat!.messages.map((m) => [m.id, m.parentId, m.role, m.model])).toEqual([
      ['u1', null, 'user', null],
      ['a1', 'u1', 'assistant', 'gpt-4o'],
      ['a1b', 'u1', 'assistant', 'gpt-4o'],
    ]);
  });

  it('reads the recursive export (answers nested under children) and content parts', () => {
    const { parentMessageId: _omit, ...answer } = message('a1', 'u1', false, '', '2025-01-10T10:00:02.000Z');
    const recursive = {
      ...flat,
      messages: [
        {
          ...message('u1', ROOT, true, 'Match an email', '2025-01-10T10:00:00.000Z'),
          children: [
            { ...answer, content: [{ type: 'text', text: { value: 'Parts answer' } }], children: [] },
          ],
        },
      ],
    };
    const [chat] = parseLibreChat(recursive);
    expect(chat!.messages.map((m) => [m.id, m.parentId, m.content])).toEqual([
      ['u1', null, 'Match an email'],
      ['a1', 'u1', 'Parts answer'],
    ]);
  });

  it('refuses a parent that is not in the file, and a file without messages', () => {
    const orphan = { ...flat, messages: [message('a', 'ghost', true, 'x', '2025-01-10T10:00:00.000Z')] };
    expect(() => parseLibreChat(orphan)).toThrow(ImportFileError);
    expect(() => parseLibreChat({ conversationId: 'c1' })).toThrow(ImportFileError);
  });
});
