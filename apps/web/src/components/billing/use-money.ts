'use client';

import { useFormatter } from 'next-intl';

/** Plans and usage are priced in US dollars; only the way the amount is written follows the locale. */
const CURRENCY = 'USD';

/**
 * Micro-dollars (1 USD = 1,000,000) in the user's locale, with the rules of `formatUsdMicros`:
 * `$0`, two decimals from a dollar up, up to four below, and two significant digits for
 * fractions of a cent, never in exponent notation.
 */
export function useMoney() {
  const format = useFormatter();
  return (micros: number): string => {
    const dollars = micros / 1_000_000;
    const base = { style: 'currency', currency: CURRENCY } as const;
    if (dollars === 0) return format.number(0, { ...base, maximumFractionDigits: 0 });
    if (Math.abs(dollars) >= 1)
      return format.number(dollars, { ...base, minimumFractionDigits: 2, maximumFractionDigits: 2 });
    if (Math.abs(dollars) >= 0.01)
      return format.number(dollars, { ...base, minimumFractionDigits: 0, maximumFractionDigits: 4 });
    return format.number(dollars, { ...base, maximumSignificantDigits: 2 });
  };
}
