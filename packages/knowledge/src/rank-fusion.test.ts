import { describe, expect, it } from 'vitest';
import { cosineSimilarity, fuseRankings } from './rank-fusion';

describe('fuseRankings', () => {
  it('ranks an id both lists like above ids only one list ranks first', () => {
    const fused = fuseRankings([
      ['a', 'b', 'c'],
      ['d', 'b', 'a'],
    ]);
    expect(fused.map((entry) => entry.id).slice(0, 2)).toEqual(['a', 'b']);
    expect(fused.find((entry) => entry.id === 'b')!.score).toBeCloseTo(2 / 62, 10);
  });

  it('keeps ids only one ranking has', () => {
    expect(fuseRankings([['x'], []]).map((entry) => entry.id)).toEqual(['x']);
  });
});

describe('cosineSimilarity', () => {
  it('is 1 for the same direction and 0 for vectors of another model (other length)', () => {
    expect(cosineSimilarity([1, 2], [2, 4])).toBeCloseTo(1, 10);
    expect(cosineSimilarity([1, 0], [1, 0, 0])).toBe(0);
    expect(cosineSimilarity([0, 0], [1, 0])).toBe(0);
  });
});
