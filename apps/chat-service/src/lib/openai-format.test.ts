import { describe, expect, it } from 'vitest';
import { completionChunk, splitConversation, toOpenAiFinishReason, toOpenAiUsage } from './openai-format';

describe('splitConversation', () => {
  it('joins system and developer messages into the system prompt and keeps the turns in order', () => {
    expect(
      splitConversation([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: [{ type: 'text', text: 'Hello' }] },
        { role: 'developer', content: 'Answer in French.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'a' },
            { type: 'text', text: 'b' },
          ],
        },
      ]),
    ).toEqual({
      systemPrompt: 'Be brief.\n\nAnswer in French.',
      history: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
      ],
      prompt: 'a\nb',
    });
  });

  it('refuses a conversation that does not end with the user', () => {
    expect(splitConversation([{ role: 'system', content: 'x' }])).toHaveProperty('error');
    expect(
      splitConversation([
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
      ]),
    ).toHaveProperty('error');
  });
});

describe('OpenAI shapes', () => {
  it('maps finish reasons and usage', () => {
    expect(['stop', 'length', 'content_filter', 'other', null].map(toOpenAiFinishReason)).toEqual([
      'stop',
      'length',
      'content_filter',
      'stop',
      'stop',
    ]);
    expect(toOpenAiUsage({ inputTokens: 3, outputTokens: 4 })).toEqual({
      prompt_tokens: 3,
      completion_tokens: 4,
      total_tokens: 7,
    });
  });

  it('builds content chunks, the final chunk and the usage-only chunk', () => {
    const head = { id: 'chatcmpl-1', created: 1, model: 'fake' };
    expect(completionChunk(head, { delta: { content: 'Hi' } }).choices).toEqual([
      { index: 0, delta: { content: 'Hi' }, finish_reason: null, logprobs: null },
    ]);
    expect(completionChunk(head, { delta: {}, finishReason: 'length' }).choices[0]?.finish_reason).toBe(
      'length',
    );
    const usageOnly = completionChunk(head, null, toOpenAiUsage({ inputTokens: 1, outputTokens: 2 }));
    expect(usageOnly).toMatchObject({
      object: 'chat.completion.chunk',
      choices: [],
      usage: { total_tokens: 3 },
    });
  });
});
