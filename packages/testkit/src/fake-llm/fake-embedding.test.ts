import { describe, expect, it } from 'vitest';
import { fakeEmbedding, stemWord } from './fake-embedding';

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, index) => sum + value * b[index]!, 0);

describe('fakeEmbedding', () => {
  it('is deterministic and unit length', () => {
    const vector = fakeEmbedding('Employees get thirty days of vacation');
    expect(fakeEmbedding('Employees get thirty days of vacation')).toEqual(vector);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 6);
  });

  it('puts a paraphrase with synonyms nearer than an unrelated text', () => {
    const question = fakeEmbedding('How much holiday leave does staff get?');
    const answer = fakeEmbedding('Employees receive 30 vacation days per year.');
    const unrelated = fakeEmbedding('The printer on floor two needs new toner cartridges.');
    expect(cosine(question, answer)).toBeGreaterThan(0.3);
    expect(cosine(question, answer)).toBeGreaterThan(cosine(question, unrelated) + 0.2);
  });

  it('folds inflections and synonyms onto one stem', () => {
    expect(stemWord('vacations')).toBe(stemWord('holiday'));
    expect(stemWord('cars')).toBe(stemWord('automobile'));
  });

  it('gives an empty text the zero vector', () => {
    expect(fakeEmbedding('').every((value) => value === 0)).toBe(true);
  });
});
