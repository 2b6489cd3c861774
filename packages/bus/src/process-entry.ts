import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { ConsumeOptions, DeadLetterInfo } from './consume-options';
import { ackOwned } from './ack-owned';
import { moveToDeadLetter } from './dead-letter';
import { describeError, EntryReleased } from './errors';
import { latestKnownVersion } from './make-event';
import type { BusLogger } from './logger';
import { parsePendingReply, type StreamEntry } from './stream-replies';
import { traceProcess } from './tracing';

export interface EntryProcessorDeps<T> {
  redis: Redis;
  logger: BusLogger;
  stream: string;
  group: string;
  consumer: string;
  deadLetterStream: string;
  deadLetterMaxLen: number;
  maxDeliveries: number;
  schema: z.ZodType<T>;
  handler: ConsumeOptions<T>['handler'];
  onDeadLetter: ConsumeOptions<T>['onDeadLetter'];
  /** Handed to handlers; aborted when stop() stops waiting for them. */
  signal: AbortSignal;
}

type Parsed<T> = { ok: true; event: T } | { ok: false; error: string; isNewerVersion?: boolean };

/** A catalogue type at a version above the newest this code knows: written by an upgraded publisher. */
function isNewerVersion(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const { type, version } = json as { type?: unknown; version?: unknown };
  if (typeof type !== 'string' || typeof version !== 'number') return false;
  const latest = latestKnownVersion(type);
  return latest !== undefined && version > latest;
}

function parseEvent<T>(schema: z.ZodType<T>, raw: string | undefined): Parsed<T> {
  if (raw === undefined) return { ok: false, error: 'entry has no "event" field' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { ok: false, error: `event is not JSON: ${describeError(error)}` };
  }
  const result = schema.safeParse(json);
  if (!result.success)
    return {
      ok: false,
      error: `event does not match the schema: ${result.error.message}`,
      isNewerVersion: isNewerVersion(json),
    };
  return { ok: true, event: result.data };
}

/**
 * Validate → handle → ack for one entry. Never throws: whatever goes wrong leaves the entry either
 * acked, dead-lettered, or pending for a later reclaim, and is logged.
 *
 * `knownDeliveries` is 1 for entries read with '>'; otherwise the count is looked up, because
 * re-reads and XAUTOCLAIM do not report it.
 */
export function createEntryProcessor<T>(deps: EntryProcessorDeps<T>) {
  const { redis, logger, stream, group, consumer } = deps;

  async function lookupDeliveries(entryId: string): Promise<number | undefined> {
    const reply = await redis.xpending(stream, group, entryId, entryId, 1, consumer);
    return parsePendingReply(reply)[0]?.deliveries;
  }

  async function deadLetter(rawEvent: string, error: string, deliveries: number, entryId: string) {
    return moveToDeadLetter(redis, {
      stream,
      group,
      deadLetterStream: deps.deadLetterStream,
      entryId,
      rawEvent,
      error,
      deliveries,
      maxLen: deps.deadLetterMaxLen,
    });
  }

  async function giveUp(event: T, rawEvent: string, info: DeadLetterInfo) {
    // The hook runs before the ack so a crash in between repeats the hook rather than skipping it;
    // a failing hook must not keep a poisoned entry cycling forever, so it is logged and passed.
    try {
      await deps.onDeadLetter?.(event, info);
    } catch (error) {
      logger.error({ err: error, stream, group, entryId: info.entryId }, 'bus onDeadLetter hook failed');
    }
    const deadId = await deadLetter(rawEvent, info.error, info.deliveries, info.entryId);
    logger.error(
      {
        stream,
        group,
        consumer,
        entryId: info.entryId,
        deadLetterId: deadId,
        deliveries: info.deliveries,
        reason: info.reason,
        error: info.error,
      },
      'bus entry dead-lettered',
    );
  }

  /** `onSettling` fires once the handler has returned or thrown, before the ack or dead-letter. */
  return async function processEntry(
    entry: StreamEntry,
    {
      knownDeliveries,
      onSettling,
      claimLost = new AbortController().signal,
    }: { knownDeliveries?: number; onSettling?: () => void; claimLost?: AbortSignal } = {},
  ): Promise<void> {
    const where = { stream, group, consumer, entryId: entry.id };
    try {
      if (entry.fields === null) {
        onSettling?.();
        await redis.xack(stream, group, entry.id);
        logger.warn(where, 'bus entry was trimmed before it was handled; acknowledged without handling');
        return;
      }
      const deliveries = knownDeliveries ?? (await lookupDeliveries(entry.id));
      if (deliveries === undefined) {
        onSettling?.();
        logger.debug(where, 'bus entry is no longer pending for this consumer; skipped');
        return;
      }
      const parsed = parseEvent(deps.schema, entry.fields.event);
      const rawEvent = entry.fields.event ?? '';
      if (!parsed.ok && parsed.isNewerVersion) {
        onSettling?.();
        // A rolling upgrade: a newer publisher is ahead of this consumer. The entry stays pending
        // (not dead-lettered, not acked) so an upgraded consumer of the group reclaims it; its
        // delivery count is reset so those passes here never count toward the dead-letter limit.
        await redis.xclaim(stream, group, consumer, 0, entry.id, 'RETRYCOUNT', 0, 'JUSTID');
        logger.warn(
          { ...where, error: parsed.error },
          'bus event is of a newer version than this consumer knows; left pending for an upgraded consumer',
        );
        return;
      }
      if (!parsed.ok) {
        onSettling?.();
        // Retrying cannot fix a malformed entry, so it leaves the stream at once.
        const deadId = await deadLetter(rawEvent, parsed.error, deliveries, entry.id);
        logger.error(
          { ...where, deadLetterId: deadId, error: parsed.error },
          'malformed bus entry dead-lettered',
        );
        return;
      }
      if (deliveries > deps.maxDeliveries) {
        onSettling?.();
        const error = `delivered ${deliveries} times without being acknowledged`;
        await giveUp(parsed.event, rawEvent, {
          entryId: entry.id,
          deliveries,
          error,
          reason: 'delivery-limit',
        });
        return;
      }
      try {
        await traceProcess({ stream, group, entryId: entry.id }, parsed.event, async () =>
          deps.handler(parsed.event, {
            entryId: entry.id,
            deliveryCount: deliveries,
            signal: deps.signal,
            claimLost,
          }),
        );
        onSettling?.();
      } catch (error) {
        onSettling?.();
        if (error instanceof EntryReleased) {
          logger.warn({ ...where, reason: error.message }, 'bus handler released its entry unfinished');
          return;
        }
        if (deliveries >= deps.maxDeliveries) {
          const info = {
            entryId: entry.id,
            deliveries,
            error: describeError(error),
            reason: 'handler-failed',
          } as const;
          await giveUp(parsed.event, rawEvent, info);
        } else {
          // No ack: the entry goes idle and is reclaimed after claimIdleMs, which is the retry backoff.
          logger.warn({ ...where, err: error, deliveries }, 'bus handler failed; the entry will be retried');
        }
        return;
      }
      // The entry is another consumer's delivery now: acking it would drop that one's work.
      if (claimLost.aborted || !(await ackOwned(redis, stream, group, consumer, entry.id))) {
        logger.warn(
          where,
          'bus entry is no longer this consumer’s (taken over, or gone); not acknowledged here',
        );
      }
    } catch (error) {
      logger.error({ ...where, err: error }, 'bus entry processing failed; it stays pending');
    }
  };
}
