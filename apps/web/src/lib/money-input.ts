/** Dollar amounts typed by an admin (prices per 1M tokens) ↔ integer micro-dollars on the wire. */

/** `"2.5"`, `"$2.50"`, `"0.000001"` → micro-dollars; null when it is not a non-negative amount with at most 6 decimals. */
export function parseDollarsToMicros(input: string): number | null {
  const text = input.trim().replace(/^\$/, '');
  const match = /^(\d{1,7})(?:\.(\d{0,6}))?$/.exec(text) ?? /^()\.(\d{1,6})$/.exec(text);
  if (!match) return null;
  const whole = Number(match[1] || '0');
  const fraction = Number((match[2] ?? '').padEnd(6, '0'));
  return whole * 1_000_000 + fraction;
}

/** 2_500_000 → `"2.5"`, 1 → `"0.000001"`: what goes back into the input box. */
export function microsToDollarsInput(micros: number): string {
  const whole = Math.floor(micros / 1_000_000);
  const fraction = String(micros % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** Plan prices are in cents: 2000 → micro-dollars for `formatMoney`. */
export const centsToMicros = (cents: number): number => cents * 10_000;
