import type { Redis } from 'ioredis';
import { makeEvent, readPendingEvents, type Bus, type GenerationStreams } from '@vivier/bus';
import { consumerGroups, busStreamNames } from '@vivier/contracts';
import type { ChatDb, Generation } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import { scheduleOnOneReplica } from './replica-schedule';

export interface GenerationReaperDeps {
  db: Pick<ChatDb, 'generation' | 'message' | '$transaction'>;
  redis: Redis;
  bus: Pick<Bus, 'publish' | 'streamKey'>;
  streams: Pick<GenerationStreams, 'append' | 'exists'>;
  redisPrefix: string;
  logger: Logger;
  now?: () => Date;
}

export interface GenerationReaperOptions {
  /** A generation still queued this long after its last publish is published again. */
  republishAfterMs: number;
  /** A generation still queued this long after it was created fails (no worker took it). */
  queuedTimeoutMs: number;
  /** Generations looked at per kind and pass. */
  batchSize?: number;
}

export interface ReapResult {
  republished: string[];
  failed: string[];
}

const DEFAULT_BATCH_SIZE = 100;

type Candidate = Pick<Generation, 'id' | 'chatId' | 'userId' | 'assistantMessageId' | 'updatedAt'>;
const candidateFields = {
  id: true,
  chatId: true,
  userId: true,
  assistantMessageId: true,
  updatedAt: true,
  leaseExpiresAt: true,
} as const;

/**
 * The Generation row is the outbox of `generation.requested`: the request route commits the row,
 * then publishes, and a crash in between leaves a queued generation no worker will ever see. This
 * finds such rows and what else has no live owner, on one replica at a time:
 *
 * - queued past `republishAfterMs` (since creation or the last re-publish), unless a worker holds
 *   its request: published again. Workers claim a generation with a conditional update, so a
 *   second request for it is dropped. A held request is the bus's to deliver again (a dead
 *   worker's is reclaimed); and a queued generation whose request is held is one whose claim a
 *   database crash undid while its worker streams on: that worker stops at its next lease renewal
 *   and acks, and only then is the generation published again, so two runs never stream at once.
 * - queued past `queuedTimeoutMs`: failed, so clients stop waiting when no worker ever comes.
 * - streaming whose worker's lease has run out and whose request no worker holds (not pending in
 *   the group, so no reclaim will come): failed with an error frame. What the dead worker streamed
 *   is dropped (a `reset` first), as when a request is dead-lettered.
 */
export function createGenerationReaper(deps: GenerationReaperDeps, options: GenerationReaperOptions) {
  const log = deps.logger.child({ component: 'generation-reaper' });
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const now = () => deps.now?.() ?? new Date();

  async function republish(generation: Candidate, at: Date): Promise<boolean> {
    // Conditional on the row as read: another replica (or the worker) may have moved it since.
    const { count } = await deps.db.generation.updateMany({
      where: { id: generation.id, status: 'queued', updatedAt: generation.updatedAt },
      data: { updatedAt: at },
    });
    if (count === 0) return false;
    await deps.bus.publish(
      busStreamNames.generationRequests,
      makeEvent('generation.requested', {
        generationId: generation.id,
        chatId: generation.chatId,
        userId: generation.userId,
        assistantMessageId: generation.assistantMessageId,
      }),
    );
    return true;
  }

  /** Ends one generation as failed (rows, then the frames), unless it moved since it was read. */
  async function fail(
    generation: Candidate & { leaseExpiresAt: Date | null },
    status: 'queued' | 'streaming',
    message: string,
  ): Promise<boolean> {
    const errorCode = 'PROVIDER_UNAVAILABLE';
    const isFailed = await deps.db.$transaction(async (tx) => {
      const { count } = await tx.generation.updateMany({
        where: {
          id: generation.id,
          status,
          ...(status === 'streaming' ? { leaseExpiresAt: generation.leaseExpiresAt } : {}),
        },
        data: {
          status: 'failed',
          errorCode,
          errorMessage: message,
          finishedAt: now(),
          leaseExpiresAt: null,
        },
      });
      if (count === 0) return false;
      await tx.message.update({
        where: { id: generation.assistantMessageId },
        data: { status: 'failed', errorCode },
      });
      return true;
    });
    if (!isFailed) return false;
    if (await deps.streams.exists(generation.id)) await deps.streams.append(generation.id, { type: 'reset' });
    await deps.streams.append(generation.id, { type: 'error', code: errorCode, message });
    return true;
  }

  /** Generation ids whose request some worker holds (delivered, not acked). */
  async function heldByWorkers(): Promise<Set<string>> {
    const raw = await readPendingEvents(
      deps.redis,
      deps.bus.streamKey(busStreamNames.generationRequests),
      consumerGroups.generationWorkers,
    );
    const ids = new Set<string>();
    for (const event of raw) {
      try {
        const parsed = JSON.parse(event) as { data?: { generationId?: unknown } };
        if (typeof parsed.data?.generationId === 'string') ids.add(parsed.data.generationId);
      } catch {
        // A malformed entry holds no generation; the workers dead-letter it.
      }
    }
    return ids;
  }

  /** One pass; returns what it republished and what it failed. */
  async function reap(): Promise<ReapResult> {
    const at = now();
    const result: ReapResult = { republished: [], failed: [] };
    const queuedDeadline = new Date(at.getTime() - options.queuedTimeoutMs);

    const expired = await deps.db.generation.findMany({
      where: { status: 'queued', createdAt: { lt: queuedDeadline } },
      select: candidateFields,
      take: batchSize,
    });
    for (const generation of expired) {
      if (await fail(generation, 'queued', 'No worker could take this answer in time. Try again.'))
        result.failed.push(generation.id);
    }

    const stale = await deps.db.generation.findMany({
      where: {
        status: 'queued',
        createdAt: { gte: queuedDeadline },
        updatedAt: { lt: new Date(at.getTime() - options.republishAfterMs) },
      },
      select: candidateFields,
      orderBy: { updatedAt: 'asc' },
      take: batchSize,
    });
    let held: Set<string> | undefined;
    const heldNow = async () => (held ??= await heldByWorkers());
    for (const generation of stale) {
      if ((await heldNow()).has(generation.id)) continue;
      if (await republish(generation, at)) result.republished.push(generation.id);
    }

    const ownerless = await deps.db.generation.findMany({
      where: { status: 'streaming', leaseExpiresAt: { lt: at } },
      select: candidateFields,
      take: batchSize,
    });
    if (ownerless.length > 0) {
      const held = await heldNow();
      for (const generation of ownerless) {
        if (held.has(generation.id)) continue; // a worker will reclaim and run it again
        if (await fail(generation, 'streaming', 'The answer was interrupted. Try again.'))
          result.failed.push(generation.id);
      }
    }

    if (result.republished.length > 0)
      log.warn({ generationIds: result.republished }, 'queued generations published again');
    if (result.failed.length > 0)
      log.warn({ generationIds: result.failed }, 'generations with no live worker failed');
    return result;
  }

  /** Reaps every `intervalMs` on one replica (see scheduleOnOneReplica). Returns stop. */
  const schedule = (intervalMs: number) =>
    scheduleOnOneReplica(deps, log, {
      name: 'generation-reaper',
      intervalMs,
      marginMs: 100,
      run: reap,
      failureMessage: 'generation reaping failed; it will run again',
    });

  return { reap, schedule };
}
