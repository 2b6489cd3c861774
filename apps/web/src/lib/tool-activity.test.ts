import { describe, expect, it } from 'vitest';
import { storedCitations, storedToolActivity } from './tool-activity';

const call = {
  callId: 'c1',
  name: 'web_search',
  arguments: { query: 'x' },
  content: '[1] A',
  isError: false,
  offset: 0,
  citations: [{ index: 1, url: 'https://a.example', title: 'A', excerpt: 'a' }],
};

describe('stored tool activity', () => {
  it('turns stored calls into finished activity and lists their sources', () => {
    expect(storedToolActivity({ toolCalls: [call] })).toEqual([
      {
        callId: 'c1',
        name: 'web_search',
        arguments: { query: 'x' },
        needsApproval: false,
        result: { content: '[1] A', isError: false },
      },
    ]);
    expect(storedCitations({ toolCalls: [call] })).toEqual(call.citations);
    expect(storedToolActivity({})).toEqual([]);
  });
});
