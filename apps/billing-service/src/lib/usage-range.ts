import { AppError, MAX_USAGE_RANGE_DAYS, type UsageQuery } from '@vivier/contracts';
import type { BillingPeriod } from './billing-period';

const DAY_MS = 24 * 60 * 60 * 1000;
const isBareDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/** A bare date is that UTC day's midnight; a datetime is taken as given. */
function instantOf(value: string): Date {
  return new Date(isBareDate(value) ? `${value}T00:00:00.000Z` : value);
}

/**
 * The half-open range a usage report covers. Missing edges come from the current billing period;
 * a bare-date `to` includes that whole day. Refuses an empty or reversed range and one longer
 * than MAX_USAGE_RANGE_DAYS.
 */
export function resolveUsageRange(query: UsageQuery, period: BillingPeriod): { from: Date; to: Date } {
  const from = query.from ? instantOf(query.from) : period.start;
  let to = period.end;
  if (query.to) {
    to = instantOf(query.to);
    if (isBareDate(query.to)) to = new Date(to.getTime() + DAY_MS);
  }
  if (to <= from) {
    throw new AppError('VALIDATION_FAILED', 'Invalid query', {
      details: [{ path: 'to', message: 'must be after from' }],
    });
  }
  if (to.getTime() - from.getTime() > MAX_USAGE_RANGE_DAYS * DAY_MS) {
    throw new AppError('VALIDATION_FAILED', 'Invalid query', {
      details: [{ path: 'to', message: `the range may span at most ${MAX_USAGE_RANGE_DAYS} days` }],
    });
  }
  return { from, to };
}
