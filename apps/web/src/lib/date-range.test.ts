import { describe, expect, it } from 'vitest';
import { lastDays, rangeProblem } from './date-range';

describe('lastDays', () => {
  it('ends today and counts today as one of the days (UTC)', () => {
    expect(lastDays(30, new Date('2026-11-30T23:59:00Z'))).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(lastDays(1, new Date('2026-03-01T00:00:00Z'))).toEqual({ from: '2026-03-01', to: '2026-03-01' });
    expect(lastDays(2, new Date('2026-03-01T05:00:00Z'))).toEqual({ from: '2026-02-28', to: '2026-03-01' });
  });
});

describe('rangeProblem', () => {
  it('accepts a forward range within the limit', () => {
    expect(rangeProblem({ from: '2026-01-01', to: '2026-01-01' }, 366)).toBeNull();
    expect(rangeProblem({ from: '2026-01-01', to: '2027-01-01' }, 366)).toBeNull();
  });

  it('explains what is wrong otherwise', () => {
    expect(rangeProblem({ from: '', to: '2026-01-01' }, 366)).toMatch(/both/);
    expect(rangeProblem({ from: '2026-02-01', to: '2026-01-01' }, 366)).toMatch(/not be after/);
    expect(rangeProblem({ from: '2026-01-01', to: '2027-01-02' }, 366)).toBe('Choose at most 366 days.');
  });
});
