import { describe, expect, it } from 'vitest';
import { AppError } from '@vivier/contracts';
import { resolveUsageRange } from './usage-range';

const at = (iso: string) => new Date(iso);
const period = { start: at('2026-11-01T00:00:00Z'), end: at('2026-12-01T00:00:00Z') };

describe('resolveUsageRange', () => {
  it('defaults to the current period and fills a missing edge from it', () => {
    expect(resolveUsageRange({}, period)).toEqual({ from: period.start, to: period.end });
    expect(resolveUsageRange({ from: '2026-11-10' }, period)).toEqual({
      from: at('2026-11-10T00:00:00Z'),
      to: period.end,
    });
  });

  it('includes the whole day of a bare-date `to`, and takes datetimes as given', () => {
    expect(resolveUsageRange({ from: '2026-10-01', to: '2026-10-31' }, period)).toEqual({
      from: at('2026-10-01T00:00:00Z'),
      to: at('2026-11-01T00:00:00Z'),
    });
    expect(
      resolveUsageRange({ from: '2026-10-01T12:00:00+02:00', to: '2026-10-02T00:00:00Z' }, period),
    ).toEqual({
      from: at('2026-10-01T10:00:00Z'),
      to: at('2026-10-02T00:00:00Z'),
    });
  });

  it('refuses a reversed range and one longer than 366 days', () => {
    expect(() => resolveUsageRange({ from: '2026-11-02', to: '2026-11-01T00:00:00Z' }, period)).toThrow(
      AppError,
    );
    expect(() => resolveUsageRange({ from: '2025-01-01', to: '2026-01-02' }, period)).toThrow(
      /Invalid query/,
    );
    expect(resolveUsageRange({ from: '2025-01-01', to: '2025-12-31' }, period).to).toEqual(
      at('2026-01-01T00:00:00Z'),
    );
  });
});
