import { describe, expect, it } from 'vitest';
import { cosineSimilarity, fuseRankings } from './rank-fusion';

describe('fuseRankings', () => {
  it('ranks an id both lists like above ids only one list ranks first', () => {
    const fused = fuseRankings([{ ids: ['a', 'b', 'c'] }, { ids: ['d', 'b', 'a'] }]);
    expect(fused.map((entry) => entry.id).slice(0, 2)).toEqual(['a', 'b']);
    expect(fused.find((entry) => entry.id === 'b')!.score).toBeCloseTo(2 / 62, 10);
  });

  it('keeps ids only one ranking has', () => {
    expect(fuseRankings([{ ids: ['x'] }, { ids: [] }]).map((entry) => entry.id)).toEqual(['x']);
  });

  it('lets a heavier ranking win a tie between two ids each ranking puts first', () => {
    const fused = fuseRankings([{ ids: ['text'], weight: 0.8 }, { ids: ['vector'] }]);
    expect(fused.map((entry) => entry.id)).toEqual(['vector', 'text']);
  });
});

describe('cosineSimilarity', () => {
  it('is 1 for the same direction and 0 for vectors of another model (other length)', () => {
    expect(cosineSimilarity([1, 2], [2, 4])).toBeCloseTo(1, 10);
    expect(cosineSimilarity([1, 0], [1, 0, 0])).toBe(0);
    expect(cosineSimilarity([0, 0], [1, 0])).toBe(0);
  });
});
