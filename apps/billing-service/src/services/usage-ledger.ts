import type { BusEventOf } from '@vivier/contracts';
import { Prisma, type BillingDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import { newUsageEntryId } from '../lib/ids';

export type UsageRecorded = BusEventOf<'usage.recorded'>;

const isForeignKeyViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003';

/**
 * Writes one UsageEntry per generation. The insert is `ON CONFLICT DO NOTHING` on the unique
 * generationId, so a redelivered or republished event is a no-op rather than an error, and two
 * replicas handling the same event at once cannot both count it.
 */
export function createUsageLedger(deps: { db: Pick<BillingDb, 'usageEntry'>; logger: Logger }) {
  return {
    async recordUsage(event: UsageRecorded): Promise<'recorded' | 'duplicate' | 'user-gone'> {
      const { data } = event;
      try {
        const { count } = await deps.db.usageEntry.createMany({
          data: [
            {
              id: newUsageEntryId(),
              userId: data.userId,
              generationId: data.generationId,
              chatId: data.chatId,
              provider: data.provider,
              model: data.model,
              inputTokens: data.inputTokens,
              outputTokens: data.outputTokens,
              costMicros: BigInt(data.costMicros),
              // When the spend happened, not when it reached us: a late redelivery must not move it
              // into the next billing period.
              createdAt: new Date(event.occurredAt),
            },
          ],
          skipDuplicates: true,
        });
        return count === 1 ? 'recorded' : 'duplicate';
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
