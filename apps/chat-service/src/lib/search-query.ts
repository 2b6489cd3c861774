/**
 * A user's search box text → a PostgreSQL tsquery for the `simple` configuration: every word
 * must match, the last one as a prefix (so results appear while typing). Only letters and digits
 * reach the query, so no input can inject tsquery operators. Undefined when no word is left.
 */
export function toPrefixTsQuery(input: string): string | undefined {
  const words = input.toLowerCase().match(/[\p{L}\p{N}]+/gu);
  if (!words) return undefined;
  const unique = [...new Set(words.slice(0, 16))];
  return unique.map((word, index) => (index === unique.length - 1 ? `${word}:*` : word)).join(' & ');
}
