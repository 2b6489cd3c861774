import { describe, expect, it } from 'vitest';
import { parseClaude } from './claude';
import { ImportFileError } from './types';

const exportFile = [
  {
    uuid: '1f0a-conv',
    name: 'Trip to Lisbon',
    created_at: '2025-03-01T09:00:00.000000+00:00',
    updated_at: '2025-03-01T09:05:00.000000+00:00',
    account: { uuid: 'acc' },
    chat_messages: [
      {
        uuid: 'm1',
        text: 'Plan two days in Lisbon',
        content: [{ type: 'text', text: 'Plan two days in Lisbon', citations: [] }],
        sender: 'human',
        created_at: '2025-03-01T09:00:01.000000+00:00',
        updated_at: '2025-03-01T09:00:01.000000+00:00',
        attachments: [{ file_name: 'map.pdf', file_size: 10, file_type: 'pdf', extracted_content: '' }],
        files: [],
      },
      {
        uuid: 'm2',
        text: 'Day 1: Alfama.',
        content: [
          { type: 'thinking', thinking: 'hmm' },
          { type: 'text', text: 'Day 1: Alfama.' },
          { type: 'tool_use', name: 'web_search', input: {} },
        ],
        sender: 'assistant',
        created_at: '2025-03-01T09:00:09.000000+00:00',
        updated_at: '2025-03-01T09:00:09.000000+00:00',
        attachments: [],
        files: [],
      },
    ],
  },
  { uuid: 'empty', name: '', created_at: '2025-03-02T00:00:00Z', chat_messages: [] },
];

describe('parseClaude', () => {
  it('makes a linear chat per conversation, text blocks only, attachments noted', () => {
    const [trip, empty] = parseClaude(exportFile);
    expect(trip).toMatchObject({
      title: 'Trip to Lisbon',
      createdAt: new Date('2025-03-01T09:00:00Z'),
      updatedAt: new Date('2025-03-01T09:05:00Z'),
    });
    expect(trip!.messages.map((m) => [m.id, m.parentId, m.role, m.content])).toEqual([
      ['m1', null, 'user', 'Plan two days in Lisbon\n\n[attachment not imported: map.pdf]'],
      ['m2', 'm1', 'assistant', 'Day 1: Alfama.'],
    ]);
    expect(trip!.messages[1]!.createdAt).toEqual(new Date('2025-03-01T09:00:09Z'));
    expect(empty).toMatchObject({ title: 'Imported chat', messages: [] });
  });

  it('refuses an unknown sender or a bad date, with the path', () => {
    const bad = [
      { ...exportFile[0], chat_messages: [{ uuid: 'x', sender: 'robot', created_at: 'yesterday' }] },
    ];
    try {
      parseClaude(bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ImportFileError);
      const paths = (error as ImportFileError).details.map((detail) => detail.path);
      expect(paths).toEqual(
        expect.arrayContaining(['0.chat_messages.0.sender', '0.chat_messages.0.created_at']),
      );
    }
  });
});
