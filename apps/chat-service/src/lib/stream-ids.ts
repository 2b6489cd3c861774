/** Redis stream entry ids (`<ms>-<seq>`): the frame ids clients pass back to resume. */

const STREAM_ID = /^(\d{1,20})(?:-(\d{1,20}))?$/;

export function isStreamId(value: string): boolean {
  return STREAM_ID.test(value);
}

function parts(id: string): [bigint, bigint] {
  const match = STREAM_ID.exec(id);
  if (!match) throw new RangeError(`not a stream id: ${id}`);
  return [BigInt(match[1]!), BigInt(match[2] ?? '0')];
}

/** Two runs of digits compared as numbers: leading zeros dropped, then the longer is larger. */
function compareDigits(a: string, b: string): number {
  const x = a.replace(LEADING_ZEROS, '');
  const y = b.replace(LEADING_ZEROS, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x === y ? 0 : x < y ? -1 : 1;
}
const LEADING_ZEROS = /^0+(?=\d)/;

/**
 * Negative when `a` comes before `b`, zero when equal, positive after. Run for every frame a
 * subscriber is given, so it compares the digits as text rather than through BigInt (issue 11).
 */
export function compareStreamIds(a: string, b: string): number {
  const aMatch = STREAM_ID.exec(a);
  const bMatch = STREAM_ID.exec(b);
  if (!aMatch) throw new RangeError(`not a stream id: ${a}`);
  if (!bMatch) throw new RangeError(`not a stream id: ${b}`);
  return compareDigits(aMatch[1]!, bMatch[1]!) || compareDigits(aMatch[2] ?? '0', bMatch[2] ?? '0');
}

/** The smallest id after `id`. */
export function nextStreamId(id: string): string {
  const [ms, seq] = parts(id);
  return `${ms}-${seq + 1n}`;
}
