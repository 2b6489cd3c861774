import { describe, expect, it } from 'vitest';
import { compareStreamIds, isStreamId, nextStreamId } from './stream-ids';

describe('stream ids', () => {
  it('compare numerically by time then sequence, not as strings', () => {
    expect(compareStreamIds('9-0', '10-0')).toBeLessThan(0);
    expect(compareStreamIds('10-2', '10-10')).toBeLessThan(0);
    expect(compareStreamIds('1700000000000-5', '1700000000000-5')).toBe(0);
    expect(compareStreamIds('1700000000001-0', '1700000000000-99')).toBeGreaterThan(0);
    expect(compareStreamIds('5', '5-0')).toBe(0);
  });

  it('know what a frame id looks like and what comes next', () => {
    expect(['0-0', '1700000000000-3', '42'].every(isStreamId)).toBe(true);
    expect(['', '-1', '1-', 'abc', '1-2-3', '$', '>'].some(isStreamId)).toBe(false);
    expect(nextStreamId('1700000000000-3')).toBe('1700000000000-4');
  });
});

describe('stream id order', () => {
  it('agrees with numeric order, leading zeros and large numbers included', () => {
    const ids = [
      '0-0',
      '0-1',
      '007-3',
      '7-4',
      '10-0',
      '10-9',
      '10-10',
      '9999999999999999999-1',
      '10000000000000000000',
    ];
    for (const [i, a] of ids.entries())
      for (const [j, b] of ids.entries()) expect(Math.sign(compareStreamIds(a, b))).toBe(Math.sign(i - j));
    expect(compareStreamIds('0007-03', '7-3')).toBe(0);
    expect(() => compareStreamIds('x', '1-0')).toThrow(RangeError);
  });
});
