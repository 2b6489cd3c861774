import { describe, expect, it } from 'vitest';
import { AppError } from '@vivier/contracts';
import { daysOf, resolveStatsRange } from './stats-range';

const now = new Date('2026-11-26T15:30:00.000Z');
const iso = (range: { from: Date; to: Date }) => ({
  from: range.from.toISOString(),
  to: range.to.toISOString(),
});

describe('resolveStatsRange', () => {
  it('defaults to 30 whole UTC days, the last one running to now', () => {
    const range = resolveStatsRange({}, now);
    expect(iso(range)).toEqual({ from: '2026-10-28T00:00:00.000Z', to: '2026-11-26T15:30:00.000Z' });
    expect(daysOf(range)).toHaveLength(30);
    expect(daysOf(range).at(-1)).toBe('2026-11-26');
  });

  it('reads bare dates as whole days (`to` inclusive) and datetimes as exact edges', () => {
    expect(iso(resolveStatsRange({ from: '2026-11-01', to: '2026-11-30' }, now))).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
    });
    expect(
      iso(resolveStatsRange({ from: '2026-11-01T12:00:00+02:00', to: '2026-11-02T00:00:00Z' }, now)),
    ).toEqual({ from: '2026-11-01T10:00:00.000Z', to: '2026-11-02T00:00:00.000Z' });
  });

  it('derives a missing edge: `from` 30 days before `to`, `to` now', () => {
    expect(iso(resolveStatsRange({ to: '2026-06-30' }, now)).from).toBe('2026-06-01T00:00:00.000Z');
    expect(iso(resolveStatsRange({ from: '2026-11-20' }, now)).to).toBe(now.toISOString());
  });

  it('refuses from ≥ to and ranges over 366 days', () => {
    for (const query of [
      { from: '2026-11-05', to: '2026-11-04' },
      { from: '2026-11-05T00:00:00Z', to: '2026-11-05T00:00:00Z' },
      { from: '2027-01-01' },
      { from: '2024-01-01', to: '2025-01-01' },
    ]) {
      expect(() => resolveStatsRange(query, now), JSON.stringify(query)).toThrow(AppError);
    }
    expect(() => resolveStatsRange({ from: '2025-01-01', to: '2026-01-01' }, now)).not.toThrow(); // 366 days
  });

  it('lists every UTC day the range touches', () => {
    expect(daysOf({ from: new Date('2026-02-27T23:00:00Z'), to: new Date('2026-03-01T00:00:01Z') })).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ]);
    expect(daysOf({ from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-02T00:00:00Z') })).toEqual([
      '2026-03-01',
    ]);
  });
});
