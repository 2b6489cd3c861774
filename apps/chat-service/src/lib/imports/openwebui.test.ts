import { describe, expect, it } from 'vitest';
import { parseOpenWebUi } from './openwebui';
import { ImportFileError } from './types';

const history = {
  messages: {
    u1: {
      id: 'u1',
      parentId: null,
      childrenIds: ['a1', 'a2'],
      role: 'user',
      content: 'Why is the sky blue?',
      timestamp: 1_735_000_000,
      models: ['llama3.1:8b'],
    },
    a1: {
      id: 'a1',
      parentId: 'u1',
      childrenIds: [],
      role: 'assistant',
      content: 'Rayleigh scattering.',
      model: 'llama3.1:8b',
      modelName: 'llama3.1:8b',
      timestamp: 1_735_000_005,
      done: true,
    },
    a2: {
      id: 'a2',
      parentId: 'u1',
      childrenIds: ['u2'],
      role: 'assistant',
      content: 'Short wavelengths scatter more.',
      model: 'qwen2.5:7b',
      timestamp: 1_735_000_050,
      done: true,
    },
    u2: {
      id: 'u2',
      parentId: 'a2',
      childrenIds: [],
      role: 'user',
      content: 'And sunsets?',
      timestamp: 1_735_000_100,
    },
  },
  currentId: 'u2',
};

const exportFile = [
  {
    id: 'chat-1',
    user_id: 'user-1',
    title: 'Sky colour',
    chat: {
      id: '',
      title: 'Sky colour',
      models: ['llama3.1:8b'],
      params: {},
      history,
      messages: [],
      tags: [],
      timestamp: 1_734_999_999_000,
    },
    updated_at: 1_735_000_100,
    created_at: 1_734_999_999,
    share_id: null,
    archived: false,
  },
];

describe('parseOpenWebUi', () => {
  it('keeps the history tree, model per answer, dates from epoch seconds', () => {
    const [chat] = parseOpenWebUi(exportFile);
    expect(chat).toMatchObject({
      title: 'Sky colour',
      model: 'llama3.1:8b',
      createdAt: new Date(1_734_999_999_000),
      updatedAt: new Date(1_735_000_100_000),
    });
    expect(chat!.messages.map((m) => [m.id, m.parentId, m.role, m.model])).toEqual([
      ['u1', null, 'user', null],
      ['a1', 'u1', 'assistant', 'llama3.1:8b'],
      ['a2', 'u1', 'assistant', 'qwen2.5:7b'],
      ['u2', 'a2', 'user', null],
    ]);
    expect(chat!.messages[3]!.createdAt).toEqual(new Date(1_735_000_100_000));
  });

  it('falls back on the inner title and millisecond stamps; refuses a missing history with its path', () => {
    const [chat] = parseOpenWebUi([{ ...exportFile[0], title: undefined, created_at: undefined }]);
    expect(chat!.title).toBe('Sky colour');
    expect(chat!.createdAt).toEqual(new Date(1_734_999_999_000));
    try {
      parseOpenWebUi([{ id: 'x', chat: { title: 'x' } }]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ImportFileError);
      expect((error as ImportFileError).details[0]!.path).toBe('0.chat.history');
    }
  });
});
