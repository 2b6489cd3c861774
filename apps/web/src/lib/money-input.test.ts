import { describe, expect, it } from 'vitest';
import { centsToMicros, microsToDollarsInput, parseDollarsToMicros } from './money-input';

describe('parseDollarsToMicros', () => {
  it('reads dollars into integer micro-dollars without float error', () => {
    expect(parseDollarsToMicros('2.5')).toBe(2_500_000);
    expect(parseDollarsToMicros('$2.50')).toBe(2_500_000);
    expect(parseDollarsToMicros(' 0.15 ')).toBe(150_000);
    expect(parseDollarsToMicros('.3')).toBe(300_000);
    expect(parseDollarsToMicros('0.000001')).toBe(1);
    expect(parseDollarsToMicros('10')).toBe(10_000_000);
    expect(parseDollarsToMicros('0')).toBe(0);
  });

  it('refuses anything that is not a plain non-negative amount', () => {
    for (const bad of ['', '-1', 'abc', '1.0000001', '1e3', '1,5', '$'])
      expect(parseDollarsToMicros(bad)).toBeNull();
  });
});

describe('microsToDollarsInput', () => {
  it('round-trips through the parser', () => {
    for (const micros of [0, 1, 150_000, 2_500_000, 15_000_000, 1_234_567]) {
      expect(parseDollarsToMicros(microsToDollarsInput(micros))).toBe(micros);
    }
    expect(microsToDollarsInput(2_500_000)).toBe('2.5');
  });
});

describe('centsToMicros', () => {
  it('converts plan prices', () => {
    expect(centsToMicros(2000)).toBe(20_000_000);
  });
});
