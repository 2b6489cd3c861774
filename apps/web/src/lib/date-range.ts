/** Date ranges for the stats and usage pages, as bare UTC days (`YYYY-MM-DD`) the API accepts. */

export interface DayRange {
  /** Inclusive. */
  from: string;
  /** Inclusive (the API reads a bare `to` date as covering the whole day). */
  to: string;
}

const DAY_MS = 86_400_000;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The last `days` UTC days up to and including today. */
export function lastDays(days: number, now: Date = new Date()): DayRange {
  return { from: isoDay(new Date(now.getTime() - (days - 1) * DAY_MS)), to: isoDay(now) };
}

/** Why a range cannot be asked for, in words; null when it is fine. */
export function rangeProblem(range: DayRange, maxDays: number): string | null {
  const pattern = /^\d{4}-\d{2}-\d{2}$/;
  if (!pattern.test(range.from) || !pattern.test(range.to)) return 'Choose both a start and an end date.';
  const from = Date.parse(`${range.from}T00:00:00Z`);
  const to = Date.parse(`${range.to}T00:00:00Z`);
  if (Number.isNaN(from) || Number.isNaN(to)) return 'Choose both a start and an end date.';
  if (from > to) return 'The start date must not be after the end date.';
  if ((to - from) / DAY_MS + 1 > maxDays) return `Choose at most ${maxDays} days.`;
  return null;
}
