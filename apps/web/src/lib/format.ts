/** "Thought for 4 s", "Thought for 2 min 5 s": how long a model thought before answering. */
export function thoughtDuration(ms: number): { minutes: number; seconds: number } {
  const total = Math.max(1, Math.round(ms / 1000));
  return { minutes: Math.floor(total / 60), seconds: total % 60 };
}

/** A price per 1M tokens (already in micro-dollars per 1M): `$2.50`, `$0.15`, `free`. */
export function formatPricePerMTok(microsPerMTok: number): string {
  if (microsPerMTok === 0) return 'free';
  const dollars = microsPerMTok / 1_000_000;
  return `$${dollars >= 100 ? dollars.toFixed(0) : dollars.toFixed(2)}`;
}
