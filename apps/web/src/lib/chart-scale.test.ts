import { describe, expect, it } from 'vitest';
import { axisTicks, barFractions, niceCeiling, percentOf } from './chart-scale';

describe('niceCeiling', () => {
  it('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(-3)).toBe(1);
    expect(niceCeiling(Number.NaN)).toBe(1);
    expect(niceCeiling(1)).toBe(1);
    expect(niceCeiling(1.2)).toBe(2);
    expect(niceCeiling(3)).toBe(5);
    expect(niceCeiling(7)).toBe(10);
    expect(niceCeiling(42)).toBe(50);
    expect(niceCeiling(101)).toBe(200);
    expect(niceCeiling(4_800_000)).toBe(5_000_000);
    expect(niceCeiling(0.3)).toBe(0.5);
    expect(niceCeiling(0.2)).toBe(0.2);
  });
});

describe('barFractions', () => {
  it('sizes bars against the nice top of the series', () => {
    expect(barFractions([0, 25, 50])).toEqual([0, 0.5, 1]);
    expect(barFractions([10, 40])).toEqual([0.2, 0.8]);
  });

  it('treats an empty or all-zero series as flat and ignores bad values', () => {
    expect(barFractions([])).toEqual([]);
    expect(barFractions([0, 0])).toEqual([0, 0]);
    expect(barFractions([-5, Number.NaN, 2])).toEqual([0, 0, 1]);
  });

  it('clamps values above an explicit top', () => {
    expect(barFractions([5, 20], 10)).toEqual([0.5, 1]);
  });
});

describe('axisTicks', () => {
  it('splits the axis evenly from zero to the top', () => {
    expect(axisTicks(200)).toEqual([0, 50, 100, 150, 200]);
    expect(axisTicks(0.5, 2)).toEqual([0, 0.25, 0.5]);
  });
});

describe('percentOf', () => {
  it('is a clamped whole percentage', () => {
    expect(percentOf(0, 5_000_000)).toBe(0);
    expect(percentOf(1_250_000, 5_000_000)).toBe(25);
    expect(percentOf(6_000_000, 5_000_000)).toBe(100);
    expect(percentOf(0, 0)).toBe(0);
    expect(percentOf(1, 0)).toBe(100);
  });
});
