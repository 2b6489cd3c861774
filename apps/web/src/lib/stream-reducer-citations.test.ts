import { describe, expect, it } from 'vitest';
import type { StreamFrame } from '@vivier/contracts';
import { applyFrames, initialStreamState } from './stream-reducer';

const gen = 'gen_cite';
const id = (n: number) => `1700000000000-${n}`;
const citation = (n: number, index: number, title: string): StreamFrame => ({
  type: 'citation',
  generationId: gen,
  id: id(n),
  index,
  source: { fileId: `fil_${index}`, title, excerpt: `${title} excerpt` },
});

describe('citation frames', () => {
  it('collects sources in index order beside the text', () => {
    const state = applyFrames(initialStreamState(gen), [
      citation(1, 2, 'b.md'),
      citation(2, 1, 'a.md'),
      { type: 'delta', generationId: gen, id: id(3), text: 'See [1].' },
    ]);
    expect(state.text).toBe('See [1].');
    expect(state.citations?.map((entry) => entry.source.title)).toEqual(['a.md', 'b.md']);
  });

  it('drops the sources on reset: the retried answer sends its own', () => {
    const state = applyFrames(initialStreamState(gen), [
      citation(1, 1, 'old.md'),
      { type: 'reset', generationId: gen, id: id(2) },
      citation(3, 1, 'new.md'),
    ]);
    expect(state.citations).toEqual([
      { index: 1, source: { fileId: 'fil_1', title: 'new.md', excerpt: 'new.md excerpt' } },
    ]);
  });
});
