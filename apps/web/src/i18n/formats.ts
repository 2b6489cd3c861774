import type { Formats } from 'next-intl';

/**
 * Named formats for `useFormatter()` / `getFormatter()`: `format.dateTime(date, 'dateTime')`,
 * `format.number(n, 'integer')`. The locale comes from the request, so dates and numbers read
 * the way the person's language writes them.
 */
export const formats = {
  dateTime: {
    /** `Dec 1, 2026, 3:04 PM` */
    dateTime: { dateStyle: 'medium', timeStyle: 'short' },
    /** `December 1, 2026` */
    longDate: { year: 'numeric', month: 'long', day: 'numeric' },
    /** `Nov 5` for a bare UTC day (`YYYY-MM-DD`), never shifted by the viewer's zone */
    utcDay: { month: 'short', day: 'numeric', timeZone: 'UTC' },
  },
  number: {
    integer: { maximumFractionDigits: 0 },
    compact: { notation: 'compact', maximumFractionDigits: 1 },
  },
} satisfies Formats;
