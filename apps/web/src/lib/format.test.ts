import { describe, expect, it } from 'vitest';
import { formatPricePerMTok, thoughtDuration } from './format';

describe('formatPricePerMTok', () => {
  it('formats micro-dollars per million tokens as dollars', () => {
    expect(formatPricePerMTok(2_500_000)).toBe('$2.50');
    expect(formatPricePerMTok(150_000)).toBe('$0.15');
    expect(formatPricePerMTok(0)).toBe('free');
  });
});

describe('thoughtDuration', () => {
  it('counts seconds, at least one, and minutes past a minute', () => {
    expect(thoughtDuration(200)).toEqual({ minutes: 0, seconds: 1 });
    expect(thoughtDuration(4_400)).toEqual({ minutes: 0, seconds: 4 });
    expect(thoughtDuration(60_000)).toEqual({ minutes: 1, seconds: 0 });
    expect(thoughtDuration(125_000)).toEqual({ minutes: 2, seconds: 5 });
  });
});
