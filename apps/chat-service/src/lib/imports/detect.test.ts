import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect';

describe('detectFormat', () => {
  it('tells the formats apart by content', () => {
    expect(detectFormat({ format: 'vivier.chat', version: 1 })).toBe('vivier');
    expect(detectFormat([{ title: 't', mapping: {} }])).toBe('chatgpt');
    expect(detectFormat([{ uuid: 'u', chat_messages: [] }])).toBe('claude');
    expect(detectFormat({ conversationId: 'c', messages: [] })).toBe('librechat');
    expect(detectFormat([{ id: 'x', chat: { history: { messages: {} } } }])).toBe('openwebui');
    expect(detectFormat({ id: 'x', chat: { history: { messages: {} } } })).toBe('openwebui');
  });

  it('recognises nothing in other JSON', () => {
    for (const body of [[], {}, [1], 'text', null, { messages: [] }, [{ conversationId: 'c', messages: [] }]])
      expect(detectFormat(body)).toBeNull();
  });
});
