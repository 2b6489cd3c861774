import { describe, expect, it } from 'vitest';
import { calendarMonth, currentPeriod } from './billing-period';

const at = (iso: string) => new Date(iso);

describe('calendarMonth', () => {
  it('is the UTC month, across a year end', () => {
    expect(calendarMonth(at('2026-12-31T23:59:59Z'))).toEqual({
      start: at('2026-12-01T00:00:00Z'),
      end: at('2027-01-01T00:00:00Z'),
    });
    expect(calendarMonth(at('2026-03-01T00:00:00Z'))).toEqual({
      start: at('2026-03-01T00:00:00Z'),
      end: at('2026-04-01T00:00:00Z'),
    });
  });
});

describe('currentPeriod', () => {
  const paid = {
    status: 'active',
    currentPeriodStart: at('2026-11-15T10:00:00Z'),
    currentPeriodEnd: at('2026-12-15T10:00:00Z'),
  };

  it('uses the subscription period while it is in good standing and current', () => {
    expect(currentPeriod(paid, at('2026-11-20T00:00:00Z'))).toEqual({
      start: paid.currentPeriodStart,
      end: paid.currentPeriodEnd,
    });
    expect(currentPeriod({ ...paid, status: 'past_due' }, at('2026-11-20T00:00:00Z')).start).toEqual(
      paid.currentPeriodStart,
    );
  });

  it('falls back to the calendar month without a subscription, when cancelled, or once the period has passed', () => {
    const month = { start: at('2026-11-01T00:00:00Z'), end: at('2026-12-01T00:00:00Z') };
    expect(currentPeriod(null, at('2026-11-20T00:00:00Z'))).toEqual(month);
    expect(currentPeriod({ ...paid, status: 'canceled' }, at('2026-11-20T00:00:00Z'))).toEqual(month);
    expect(currentPeriod({ ...paid, currentPeriodEnd: null }, at('2026-11-20T00:00:00Z'))).toEqual(month);
    expect(currentPeriod(paid, at('2026-12-16T00:00:00Z'))).toEqual({
      start: at('2026-12-01T00:00:00Z'),
      end: at('2027-01-01T00:00:00Z'),
    });
  });
});
