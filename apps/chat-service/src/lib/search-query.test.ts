import { describe, expect, it } from 'vitest';
import { toPrefixTsQuery } from './search-query';

describe('toPrefixTsQuery', () => {
  it('ANDs the words and matches the last one as a prefix', () => {
    expect(toPrefixTsQuery('Repot Monst')).toBe('repot & monst:*');
    expect(toPrefixTsQuery('  café  ')).toBe('café:*');
  });

  it('lets no tsquery operator through', () => {
    expect(toPrefixTsQuery("a & b | !c <-> d:* 'e'")).toBe('a & b & c & d & e:*');
    expect(toPrefixTsQuery('!!! &&')).toBeUndefined();
  });

  it('drops repeated words and caps the word count', () => {
    expect(toPrefixTsQuery('x x x')).toBe('x:*');
    expect(
      toPrefixTsQuery(Array.from({ length: 40 }, (_, index) => `w${index}`).join(' '))!.split(' & '),
    ).toHaveLength(16);
  });
});
