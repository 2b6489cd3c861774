import type { BusEventOf } from '@vivier/contracts';
import { Prisma, queryRows, sqlUtc, type BillingDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import { newUsageEntryId } from '../lib/ids';

export type UsageRecorded = BusEventOf<'usage.recorded'>;

/** PostgreSQL's foreign_key_violation, as `pg` reports it (and Prisma's P2003 for a raw query's stand-in). */
function isForeignKeyViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    return error.code === 'P2003' || (error.code === 'P2010' && /23503/.test(error.message));
  }
  return (error as { code?: unknown }).code === '23503';
}

/**
 * Writes one UsageEntry per generation. The insert is `ON CONFLICT DO NOTHING` on the unique
 * generationId, so a redelivered or republished event is a no-op rather than an error, and two
 * replicas handling the same event at once cannot both count it.
 *
 * One prepared statement (`queryRows`), not Prisma's `createMany`: billing handles one event per
 * answer, and `createMany` ran Prisma's query compiler and an implicit transaction for it, ~4 ms of
 * CPU per answer on the 2-core machine, competing with the streams (issue 11, bench/README.md).
 */
export function createUsageLedger(deps: { db: Pick<BillingDb, '$queryRaw'>; logger: Logger }) {
  return {
    async recordUsage(event: UsageRecorded): Promise<'recorded' | 'duplicate' | 'user-gone'> {
      const { data } = event;
      try {
        // When the spend happened, not when it reached us: a late redelivery must not move it
        // into the next billing period.
        const createdAt = sqlUtc(new Date(event.occurredAt));
        const inserted = await queryRows<{ id: string }>(
          deps.db,
          Prisma.sql`INSERT INTO "UsageEntry" ("id", "userId", "generationId", "chatId", "provider", "model",
              "inputTokens", "outputTokens", "costMicros", "createdAt")
            VALUES (${newUsageEntryId()}, ${data.userId}, ${data.generationId}, ${data.chatId},
              ${data.provider}, ${data.model}, ${data.inputTokens}::int, ${data.outputTokens}::int,
              ${String(data.costMicros)}::bigint, ${createdAt}::timestamp(3))
            ON CONFLICT ("generationId") DO NOTHING
            RETURNING "id"`,
        );
        return inserted.length === 1 ? 'recorded' : 'duplicate';
      } catch (error) {
        // The user was deleted before their last usage arrived: nothing left to bill.
        if (!isForeignKeyViolation(error)) throw error;
        deps.logger.warn(
          { generationId: data.generationId, userId: data.userId },
          'usage for a user that no longer exists; dropped',
        );
        return 'user-gone';
      }
    },
  };
}

export type UsageLedger = ReturnType<typeof createUsageLedger>;
