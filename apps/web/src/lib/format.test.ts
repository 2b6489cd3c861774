import { describe, expect, it } from 'vitest';
import { formatContextWindow, formatPricePerMTok, formatUsdMicros, thoughtDuration } from './format';

describe('formatUsdMicros', () => {
  it('shows small costs with two significant digits and larger ones in cents', () => {
    expect(formatUsdMicros(0)).toBe('$0');
    expect(formatUsdMicros(123)).toBe('$0.00012');
    expect(formatUsdMicros(4)).toBe('$0.000004');
    expect(formatUsdMicros(25_000)).toBe('$0.025');
    expect(formatUsdMicros(2_500_000)).toBe('$2.50');
  });
});

describe('formatPricePerMTok', () => {
  it('formats micro-dollars per million tokens as dollars', () => {
    expect(formatPricePerMTok(2_500_000)).toBe('$2.50');
    expect(formatPricePerMTok(150_000)).toBe('$0.15');
    expect(formatPricePerMTok(0)).toBe('free');
  });
});

describe('formatContextWindow', () => {
  it('are readable', () => {
    expect(formatContextWindow(128_000)).toBe('128K');
    expect(formatContextWindow(1_048_576)).toBe('1M');
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
