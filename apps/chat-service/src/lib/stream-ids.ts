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

/** Negative when `a` comes before `b`, zero when equal, positive after. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs, aSeq] = parts(a);
  const [bMs, bSeq] = parts(b);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1;
}

/** The smallest id after `id`. */
export function nextStreamId(id: string): string {
  const [ms, seq] = parts(id);
  return `${ms}-${seq + 1n}`;
}
