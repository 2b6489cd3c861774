import { describe, expect, it } from 'vitest';
import type { StreamFrame } from '@vivier/contracts';
import { applyFrames, initialStreamState } from './stream-reducer';
import { webSources } from './tool-activity';

const gen = 'gen_test';
const id = (n: number) => `1700000000000-${n}`;

describe('tool frames', () => {
  it('adds each call, fills in its result, collects citations, and a reset drops them', () => {
    const frames: StreamFrame[] = [
      {
        type: 'tool_call',
        generationId: gen,
        id: id(1),
        callId: 'c1',
        name: 'web_search',
        arguments: { query: 'x' },
      },
      {
        type: 'citation',
        generationId: gen,
        id: id(2),
        index: 1,
        source: { url: 'https://example.com', title: 'Example', excerpt: 'Text' },
      },
      {
        type: 'tool_result',
        generationId: gen,
        id: id(3),
        callId: 'c1',
        content: '[1] Example',
        isError: false,
      },
      {
        type: 'tool_call',
        generationId: gen,
        id: id(4),
        callId: 'c2',
        name: 'add',
        arguments: {},
        needsApproval: true,
      },
    ];
    const state = applyFrames(initialStreamState(gen), frames);
    expect(state.tools).toEqual([
      {
        callId: 'c1',
        name: 'web_search',
        arguments: { query: 'x' },
        needsApproval: false,
        result: { content: '[1] Example', isError: false },
      },
      { callId: 'c2', name: 'add', arguments: {}, needsApproval: true },
    ]);
    expect(state.citations).toEqual([
      { index: 1, source: { url: 'https://example.com', title: 'Example', excerpt: 'Text' } },
    ]);
    // The Sources list shows web sources flat, as links.
    expect(webSources(state.citations)).toEqual([
      { index: 1, url: 'https://example.com', title: 'Example', excerpt: 'Text' },
    ]);

    const reset = applyFrames(state, [{ type: 'reset', generationId: gen, id: id(5) }]);
    expect(reset.tools).toEqual([]);
    expect(reset.citations).toEqual([]);
  });
});
