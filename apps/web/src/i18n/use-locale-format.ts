'use client';

import { useFormatter } from 'next-intl';
import { useMemo } from 'react';

/**
 * Dates and numbers as the reader's language writes them (next-intl's formatter with our named
 * formats), taking the API's ISO strings directly. Never a fixed `'en-US'`.
 */
export function useLocaleFormat() {
  const format = useFormatter();
  return useMemo(
    () => ({
      /** `Dec 1, 2026, 3:04 PM` / `1 déc. 2026, 15:04` */
      dateTime: (iso: string) => format.dateTime(new Date(iso), 'dateTime'),
      /** `December 1, 2026` / `1 décembre 2026` */
      longDate: (iso: string) => format.dateTime(new Date(iso), 'longDate'),
      /** A bare UTC day `2026-11-05` → `Nov 5` / `5 nov.` */
      utcDay: (day: string) => format.dateTime(new Date(`${day}T00:00:00Z`), 'utcDay'),
      /** `12,345` / `12 345` / `12.345` */
      integer: (value: number) => format.number(value, 'integer'),
      /** `12K` / `12 k` / `1.2万` */
      compact: (value: number) => format.number(value, 'compact'),
    }),
    [format],
  );
}

export type LocaleFormat = ReturnType<typeof useLocaleFormat>;
