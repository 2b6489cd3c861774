import type { AllowanceStore, Bus, Consumer } from '@vivier/bus';
import { busStreamNames } from '@vivier/contracts';
import type { Logger } from '@vivier/service-kit';
import type { UsageLedger } from '../services/usage-ledger';

export const BILLING_CONSUMER_GROUP = 'billing';

/**
 * Feeds the usage ledger from `usage.recorded` on the events stream (group `billing`). The stream
 * carries other event types too; those are acked and ignored. Idempotency is the ledger's unique
 * generationId, so at-least-once delivery still counts each generation exactly once.
 */
export function startUsageRecordedConsumer(options: {
  bus: Bus;
  ledger: UsageLedger;
  /** The hot allowance: the answer's reservation ends and its cost is added to the spend. */
  allowance?: Pick<AllowanceStore, 'settle'>;
  consumer: string;
  logger: Logger;
  claimIdleMs?: number;
}): Consumer {
  const logger = options.logger.child({ component: 'usage-recorded-consumer' });
  return options.bus.consume({
    stream: busStreamNames.events,
    group: BILLING_CONSUMER_GROUP,
    consumer: options.consumer,
    concurrency: 4,
    ...(options.claimIdleMs === undefined ? {} : { claimIdleMs: options.claimIdleMs }),
    async handler(event, context) {
      if (event.type !== 'usage.recorded') return;
      const outcome = await options.ledger.recordUsage(event);
      if (outcome !== 'user-gone') {
        await options.allowance
          ?.settle(event.data.userId, event.data.generationId, {
            costMicros: event.data.costMicros,
            occurredAt: new Date(event.occurredAt),
            isNew: outcome === 'recorded',
          })
          .catch((error: unknown) =>
            logger.warn(
              { err: error, userId: event.data.userId },
              'hot allowance not updated; it refreshes from the ledger',
            ),
          );
      }
      logger.debug(
        { generationId: event.data.generationId, outcome, deliveryCount: context.deliveryCount },
        'usage.recorded handled',
      );
    },
    onDeadLetter(event, info) {
      logger.error({ eventType: event.type, eventId: event.id, ...info }, 'usage event dead-lettered');
    },
  });
}
