import { describe, expect, it } from 'vitest';
import { citedAnswer } from './cited-answer';
import type { FakeConversation } from './types';

const conversation = (system: string | null, systemMessage?: string): FakeConversation => ({
  api: 'openai',
  model: 'fake',
  stream: true,
  system,
  messages: [
    ...(systemMessage ? [{ role: 'system', text: systemMessage, images: [] }] : []),
    { role: 'user', text: 'How many days?', images: [] },
  ],
  maxTokens: null,
  temperature: null,
  includeUsage: false,
  apiKey: null,
  thinking: null,
  tools: [],
});

describe('citedAnswer', () => {
  it('quotes and cites source [1] of the system prompt (system field or system message)', () => {
    const sources =
      'Cite sources.\n\n[1] handbook.md — Vacation\nStaff get 30 days. More text.\n\n[2] b.md\nOther.';
    expect(citedAnswer(conversation(sources))).toBe(
      'According to handbook.md — Vacation: Staff get 30 days. [1]',
    );
    expect(citedAnswer(conversation(null, sources))).toContain('[1]');
  });

  it('is null without numbered sources', () => {
    expect(citedAnswer(conversation('Be brief.'))).toBeNull();
  });
});
