import { describe, expect, it } from 'vitest';
import { replayToolCalls } from './tool-replay';

const record = (callId: string, offset: number) => ({
  callId,
  name: 'add',
  arguments: { a: 1 },
  content: `result ${callId}`,
  isError: false,
  offset,
});

describe('replayToolCalls', () => {
  it('puts each round of calls and results where the text was when they were made', () => {
    const messages = replayToolCalls('Let me add. Done: 2.', [record('c1', 12), record('c2', 12)]);
    expect(messages).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Let me add. ' },
          { type: 'tool_call', callId: 'c1', name: 'add', arguments: { a: 1 } },
          { type: 'tool_call', callId: 'c2', name: 'add', arguments: { a: 1 } },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool_result', callId: 'c1', name: 'add', content: 'result c1', isError: false },
          { type: 'tool_result', callId: 'c2', name: 'add', content: 'result c2', isError: false },
        ],
      },
      { role: 'assistant', content: 'Done: 2.' },
    ]);
  });

  it('handles calls before any text and several rounds', () => {
    const messages = replayToolCalls('ab', [record('c1', 0), record('c2', 1)]);
    expect(messages.map((message) => message.role)).toEqual([
      'assistant',
      'tool',
      'assistant',
      'tool',
      'assistant',
    ]);
    expect(messages[0]?.content).toEqual([
      { type: 'tool_call', callId: 'c1', name: 'add', arguments: { a: 1 } },
    ]);
    expect(messages[2]?.content).toEqual([
      { type: 'text', text: 'a' },
      { type: 'tool_call', callId: 'c2', name: 'add', arguments: { a: 1 } },
    ]);
    expect(messages[4]).toEqual({ role: 'assistant', content: 'b' });
  });
});
