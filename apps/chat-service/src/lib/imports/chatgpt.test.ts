import { describe, expect, it } from 'vitest';
import { parseChatGpt } from './chatgpt';
import { ImportFileError } from './types';

const node = (
  id: string,
  parent: string | null,
  children: string[],
  message: Record<string, unknown> | null,
) => ({ id, parent, children, message });

const msg = (
  role: string,
  parts: unknown[],
  createTime: number | null,
  extra: Record<string, unknown> = {},
) => ({
  id: `m-${Math.random()}`,
  author: { role, name: null, metadata: {} },
  create_time: createTime,
  update_time: null,
  content: { content_type: 'text', parts },
  status: 'finished_successfully',
  end_turn: true,
  weight: 1,
  metadata: {},
  recipient: 'all',
  ...extra,
});

/** Shaped like a real export: a null root, a hidden system node, an edited question (two branches). */
const conversation = {
  title: 'Sourdough starter',
  create_time: 1_714_000_000.123456,
  update_time: 1_714_000_900.5,
  mapping: {
    'aaa-root': node('aaa-root', null, ['sys'], null),
    sys: node(
      'sys',
      'aaa-root',
      ['q1', 'q1b'],
      msg('system', [''], null, { metadata: { is_visually_hidden_from_conversation: true } }),
    ),
    q1: node('q1', 'sys', ['a1'], msg('user', ['How do I feed a starter?'], 1_714_000_010.5)),
    a1: node(
      'a1',
      'q1',
      [],
      msg('assistant', ['Equal parts flour and water.'], 1_714_000_011, {
        metadata: { model_slug: 'gpt-4o' },
      }),
    ),
    q1b: node('q1b', 'sys', ['tool-call'], msg('user', ['How often do I feed it?'], 1_714_000_100)),
    'tool-call': node(
      'tool-call',
      'q1b',
      ['tool-out'],
      msg('assistant', [], 1_714_000_101, {
        content: { content_type: 'code', language: 'unknown', text: 'search("feeding")' },
        recipient: 'browser',
      }),
    ),
    'tool-out': node('tool-out', 'tool-call', ['a1b'], {
      ...msg('tool', [], 1_714_000_102),
      content: { content_type: 'tether_browsing_display', result: '' },
    }),
    a1b: node(
      'a1b',
      'tool-out',
      [],
      msg(
        'assistant',
        ['Once a day.', { content_type: 'image_asset_pointer', asset_pointer: 'file-service://x' }],
        1_714_000_103,
        {
          metadata: { model_slug: 'gpt-4o' },
        },
      ),
    ),
  },
  moderation_results: [],
  current_node: 'a1b',
  conversation_id: '6630-abc',
  default_model_slug: 'gpt-4o',
};

describe('parseChatGpt', () => {
  it('keeps both branches, skips system and tool nodes (their children re-parented), dates from epoch seconds', () => {
    const [chat] = parseChatGpt([conversation]);
    expect(chat).toMatchObject({
      title: 'Sourdough starter',
      model: 'gpt-4o',
      createdAt: new Date(1_714_000_000_123),
      updatedAt: new Date(1_714_000_900_500),
    });
    expect(chat!.messages.map((m) => [m.id, m.parentId, m.role, m.content])).toEqual([
      ['q1', null, 'user', 'How do I feed a starter?'],
      ['a1', 'q1', 'assistant', 'Equal parts flour and water.'],
      ['q1b', null, 'user', 'How often do I feed it?'],
      ['a1b', 'q1b', 'assistant', 'Once a day.\n\n[image not imported]'],
    ]);
    expect(chat!.messages[0]!.createdAt).toEqual(new Date(1_714_000_010_500));
    expect(chat!.messages[1]!.model).toBe('gpt-4o');
  });

  it('imports every conversation of the file; a missing title and message time fall back', () => {
    const untitled = {
      ...conversation,
      title: null,
      mapping: { r: node('r', null, ['u'], null), u: node('u', 'r', [], msg('user', ['hi'], null)) },
    };
    const chats = parseChatGpt([conversation, untitled]);
    expect(chats).toHaveLength(2);
    expect(chats[1]!.title).toBe('Imported chat');
    expect(chats[1]!.messages[0]!.createdAt).toEqual(chats[1]!.createdAt);
  });

  it('refuses a malformed file with the path of the fault', () => {
    const bad = () => parseChatGpt([{ ...conversation, mapping: { x: { message: { author: {} } } } }]);
    expect(bad).toThrow(ImportFileError);
    try {
      bad();
    } catch (error) {
      expect((error as ImportFileError).details.map((detail) => detail.path)).toContain(
        '0.mapping.x.message.author.role',
      );
    }
    expect(() => parseChatGpt([{ ...conversation, mapping: { a: node('a', 'ghost', [], null) } }])).toThrow(
      ImportFileError,
    );
    expect(parseChatGpt([])).toEqual([]);
  });
});
