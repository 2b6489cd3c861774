import type { Redis } from 'ioredis';

export interface DeadLetterRecord {
  /** Full key of the stream the entry came from. */
  stream: string;
  group: string;
  /** Full key of the dead-letter stream. */
  deadLetterStream: string;
  entryId: string;
  /** The entry's `event` field exactly as stored (may be malformed, may be empty). */
  rawEvent: string;
  error: string;
  deliveries: number;
  maxLen: number;
}

/**
 * Copies the entry to the dead-letter stream and acks it in one MULTI, so a crash in between can
 * neither lose the entry nor leave it both dead-lettered and pending. Returns the dead entry's id.
 */
export async function moveToDeadLetter(redis: Redis, record: DeadLetterRecord): Promise<string> {
  const results = await redis
    .multi()
    .xadd(
      record.deadLetterStream,
      'MAXLEN',
      '~',
      record.maxLen,
      '*',
      'event',
      record.rawEvent,
      'error',
      record.error,
      'originalId',
      record.entryId,
      'deliveries',
      String(record.deliveries),
      'stream',
      record.stream,
      'group',
      record.group,
    )
    .xack(record.stream, record.group, record.entryId)
    .exec();
  // exec() resolves with per-command errors instead of rejecting; surface the first one.
  const failure = results?.find(([error]) => error !== null)?.[0];
  if (failure) throw failure;
  if (!results) throw new Error('Dead-letter transaction was aborted');
  return String(results[0]?.[1]);
}
