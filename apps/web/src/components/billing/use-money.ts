'use client';

import { useFormatter } from 'next-intl';
import { useCallback } from 'react';

/** Plans and usage are priced in US dollars; only the way the amount is written follows the locale. */
const CURRENCY = 'USD';

type Formatter = ReturnType<typeof useFormatter>;

/**
 * Micro-dollars (1 USD = 1,000,000) in the formatter's locale: `$0`, two decimals from a dollar up, up to four below, and two significant digits for
 * fractions of a cent, never in exponent notation.
 */
export function formatMoney(format: Formatter, micros: number): string {
  const dollars = micros / 1_000_000;
  const base = { style: 'currency', currency: CURRENCY } as const;
  if (dollars === 0) return format.number(0, { ...base, maximumFractionDigits: 0 });
  if (Math.abs(dollars) >= 1)
    return format.number(dollars, { ...base, minimumFractionDigits: 2, maximumFractionDigits: 2 });
  if (Math.abs(dollars) >= 0.01)
    return format.number(dollars, { ...base, minimumFractionDigits: 0, maximumFractionDigits: 4 });
  return format.number(dollars, { ...base, maximumSignificantDigits: 2 });
}

/** Micro-dollars in the user's locale (`formatMoney` with the page's formatter). */
export function useMoney() {
  const format = useFormatter();
  return useCallback((micros: number) => formatMoney(format, micros), [format]);
}
