/** "Thought for 4 s", "Thought for 2 min 5 s": how long a model thought before answering. */
export function thoughtDuration(ms: number): { minutes: number; seconds: number } {
  const total = Math.max(1, Math.round(ms / 1000));
  return { minutes: Math.floor(total / 60), seconds: total % 60 };
}

/** Money on the wire is in micro-dollars (1 USD = 1,000,000). */
export function formatUsdMicros(micros: number): string {
  const dollars = micros / 1_000_000;
  if (dollars === 0) return '$0';
  if (Math.abs(dollars) >= 1) return `$${dollars.toFixed(2)}`;
  if (Math.abs(dollars) >= 0.01) return `$${dollars.toFixed(4).replace(/0+$/, '').replace(/\.$/, '')}`;
  // Two significant digits, never in exponent notation: $0.00012, $0.000004.
  const digits = Math.min(12, 1 - Math.floor(Math.log10(Math.abs(dollars))));
  return `$${Number(dollars.toPrecision(2)).toFixed(digits).replace(/0+$/, '')}`;
}

/** A price per 1M tokens (already in micro-dollars per 1M): `$2.50`, `$0.15`, `free`. */
export function formatPricePerMTok(microsPerMTok: number): string {
  if (microsPerMTok === 0) return 'free';
  const dollars = microsPerMTok / 1_000_000;
  return `$${dollars >= 100 ? dollars.toFixed(0) : dollars.toFixed(2)}`;
}

export function formatContextWindow(tokens: number): string {
  if (tokens >= 1_000_000) return `${Number((tokens / 1_000_000).toFixed(1))}M`;
  if (tokens >= 1000) return `${Math.round(tokens / 1000)}K`;
  return String(tokens);
}
