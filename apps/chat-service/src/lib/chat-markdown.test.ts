import { describe, expect, it } from 'vitest';
import { renderChatMarkdown } from './chat-markdown';

describe('renderChatMarkdown', () => {
  it('renders a heading per turn with the content verbatim', () => {
    const markdown = renderChatMarkdown(
      { title: 'Line\nbreak  title', provider: 'openai', model: 'gpt-5.4', systemPrompt: 'Be kind.' },
      [
        { role: 'user', content: '**bold** question\n\n- list', status: 'complete' },
        { role: 'assistant', content: 'partial', status: 'cancelled', model: 'gpt-5.4' },
      ],
      new Date('2026-02-03T04:05:06.000Z'),
    );
    expect(markdown).toBe(
      [
        '# Line break title',
        '',
        '_openai · gpt-5.4 · exported 2026-02-03T04:05:06.000Z_',
        '',
        '## System prompt',
        '',
        'Be kind.',
        '',
        '## User',
        '',
        '**bold** question\n\n- list',
        '',
        '## Assistant (gpt-5.4) — cancelled',
        '',
        'partial',
        '',
      ].join('\n'),
    );
  });

  it('folds an answer’s thinking into a details block above it', () => {
    const markdown = renderChatMarkdown(
      { title: 'T', provider: 'anthropic', model: 'claude-sonnet-4-6' },
      [
        { role: 'user', content: 'Why?', status: 'complete' },
        {
          role: 'assistant',
          content: 'Because.',
          status: 'complete',
          reasoning: 'Let me *think*.',
          reasoningMs: 4_400,
        },
      ],
      new Date('2026-02-03T04:05:06.000Z'),
    );
    expect(markdown).toContain(
      [
        '## Assistant',
        '',
        '<details>',
        '<summary>Thought for 4 s</summary>',
        '',
        'Let me *think*.',
        '',
        '</details>',
        '',
        'Because.',
      ].join('\n'),
    );
  });
});
