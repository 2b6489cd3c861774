import type { Redis } from 'ioredis';
import { parseEntries } from './stream-replies';

/**
 * The `event` fields of the entries a group has delivered and not acked yet (up to `limit`):
 * work some consumer holds, or that a reclaim will hand to another. Entries trimmed while pending
 * are left out. One XPENDING, then one pipelined XRANGE per entry.
 */
export async function readPendingEvents(
  redis: Redis,
  streamKey: string,
  group: string,
  limit = 10_000,
): Promise<string[]> {
  let pending: unknown;
  try {
    pending = await redis.xpending(streamKey, group, '-', '+', limit);
  } catch (error) {
    // No stream or no group yet: nothing is pending.
    if (error instanceof Error && error.message.startsWith('NOGROUP')) return [];
    throw error;
  }
  const ids = Array.isArray(pending)
    ? pending.flatMap((row) => (Array.isArray(row) && typeof row[0] === 'string' ? [row[0]] : []))
    : [];
  if (ids.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.xrange(streamKey, id, id);
  const replies = (await pipeline.exec()) ?? [];
  return replies.flatMap(([error, reply]) =>
    error ? [] : parseEntries(reply).flatMap((entry) => (entry.fields?.event ? [entry.fields.event] : [])),
  );
}
