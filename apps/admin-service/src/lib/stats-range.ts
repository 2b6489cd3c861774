import { AppError, STATS_DEFAULT_DAYS, STATS_MAX_RANGE_DAYS, type StatsQuery } from '@vivier/contracts';

const DAY_MS = 24 * 60 * 60 * 1000;
const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface StatsRange {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

const startOfUtcDay = (date: Date) => new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);

function edge(value: string, kind: 'from' | 'to'): Date {
  // A bare `to` date means "through the end of that day".
  if (BARE_DATE.test(value)) return new Date(Date.parse(`${value}T00:00:00Z`) + (kind === 'to' ? DAY_MS : 0));
  return new Date(value);
}

/**
 * The range a stats query covers. Defaults: `to` is now, `from` the start of the UTC day
 * STATS_DEFAULT_DAYS - 1 days before `to`'s day (so the default is 30 whole-day buckets, the last
 * one running to now). Throws VALIDATION_FAILED when `from` is not before `to` or the range is
 * longer than STATS_MAX_RANGE_DAYS.
 */
export function resolveStatsRange(query: StatsQuery, now: Date): StatsRange {
  const to = query.to ? edge(query.to, 'to') : now;
  const from = query.from
    ? edge(query.from, 'from')
    : new Date(startOfUtcDay(new Date(to.getTime() - 1)).getTime() - (STATS_DEFAULT_DAYS - 1) * DAY_MS);
  if (from.getTime() >= to.getTime()) {
    throw new AppError('VALIDATION_FAILED', 'Invalid range', {
      details: [{ path: 'from', message: 'must be before `to`' }],
    });
  }
  if (to.getTime() - from.getTime() > STATS_MAX_RANGE_DAYS * DAY_MS) {
    throw new AppError('VALIDATION_FAILED', 'Invalid range', {
      details: [{ path: 'from', message: `the range may span at most ${STATS_MAX_RANGE_DAYS} days` }],
    });
  }
  return { from, to };
}

/** Every UTC day (`YYYY-MM-DD`) the range touches, oldest first. */
export function daysOf(range: StatsRange): string[] {
  const days: string[] = [];
  const last = startOfUtcDay(new Date(range.to.getTime() - 1)).getTime();
  for (let day = startOfUtcDay(range.from).getTime(); day <= last; day += DAY_MS) {
    days.push(new Date(day).toISOString().slice(0, 10));
  }
  return days;
}
