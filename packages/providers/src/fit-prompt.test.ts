import { describe, expect, it } from 'vitest';
import { fitPrompt } from './fit-prompt';
import { isProviderError } from './errors';
import { estimateTokens, messageText } from './tokens';
import type { ChatMessage } from './types';

const words = (count: number, word = 'word') => Array.from({ length: count }, () => word).join(' ');
const system: ChatMessage = { role: 'system', content: 'You are helpful.' };

function conversation(turns: number, size = 100): ChatMessage[] {
  const messages: ChatMessage[] = [system];
  for (let turn = 1; turn <= turns; turn += 1) {
    messages.push({ role: 'user', content: `question ${turn} ${words(size)}` });
    messages.push({ role: 'assistant', content: `answer ${turn} ${words(size)}` });
  }
  messages.push({ role: 'user', content: 'latest question' });
  return messages;
}

describe('fitPrompt', () => {
  it('returns the prompt untouched when it fits', () => {
    const messages = conversation(3);
    expect(fitPrompt(messages, { contextWindow: 10_000, reservedOutputTokens: 1_000 })).toBe(messages);
  });

  it('drops the oldest whole turns first and keeps system and latest user message', () => {
    const messages = conversation(10);
    const budget = 600;
    const fitted = fitPrompt(messages, { contextWindow: budget + 500, reservedOutputTokens: 500 });
    expect(estimateTokens(fitted)).toBeLessThanOrEqual(budget);
    expect(fitted[0]).toBe(system);
    expect(fitted.at(-1)).toEqual({ role: 'user', content: 'latest question' });
    // What remains is the most recent turns, in order, each a question followed by its answer.
    const texts = fitted.slice(1, -1).map((message) => messageText(message).split(' ').slice(0, 2).join(' '));
    expect(texts.length % 2).toBe(0);
    expect(texts.at(-1)).toBe('answer 10');
    expect(texts[0]?.startsWith('question')).toBe(true);
    // Nothing more was dropped than needed: adding the previous turn back would not fit.
    const firstKept = messages.indexOf(fitted[1] as ChatMessage);
    const withOneMore = [system, ...messages.slice(firstKept - 2)];
    expect(estimateTokens(withOneMore)).toBeGreaterThan(budget);
  });

  it('keeps every system message, wherever it is', () => {
    const messages: ChatMessage[] = [
      system,
      { role: 'user', content: words(500) },
      { role: 'assistant', content: words(500) },
      { role: 'system', content: 'Reply in French.' },
      { role: 'user', content: 'Bonjour' },
    ];
    const fitted = fitPrompt(messages, { contextWindow: 200, reservedOutputTokens: 100 });
    expect(fitted).toEqual([
      system,
      { role: 'system', content: 'Reply in French.' },
      { role: 'user', content: 'Bonjour' },
    ]);
  });

  it('throws CONTEXT_TOO_LONG when the system prompt and latest message alone do not fit', () => {
    const messages = [system, { role: 'user' as const, content: words(2_000) }];
    let caught: unknown;
    try {
      fitPrompt(messages, { contextWindow: 1_000, reservedOutputTokens: 200 });
    } catch (error) {
      caught = error;
    }
    expect(isProviderError(caught) && caught.code).toBe('CONTEXT_TOO_LONG');
    expect(isProviderError(caught) && caught.status).toBe(400);
  });

  it('counts images, so a prompt full of them is trimmed too', () => {
    const image = { type: 'image' as const, mimeType: 'image/png', data: 'AAAA' };
    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'old' }, image, image] },
      { role: 'assistant', content: 'seen' },
      { role: 'user', content: 'and now?' },
    ];
    expect(fitPrompt(messages, { contextWindow: 2_000, reservedOutputTokens: 500 })).toEqual([
      { role: 'user', content: 'and now?' },
    ]);
  });
});
