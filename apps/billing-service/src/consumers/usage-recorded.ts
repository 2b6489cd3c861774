import type { Bus, Consumer } from '@vivier/bus';
import { streams } from '@vivier/contracts';
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
  consumer: string;
  logger: Logger;
  claimIdleMs?: number;
}): Consumer {
  const logger = options.logger.child({ component: 'usage-recorded-consumer' });
  return options.bus.consume({
    stream: streams.events,
    group: BILLING_CONSUMER_GROUP,
    consumer: options.consumer,
    concurrency: 4,
    ...(options.claimIdleMs === undefined ? {} : { claimIdleMs: options.claimIdleMs }),
    async handler(event, context) {
      if (event.type !== 'usage.recorded') return;
      const outcome = await options.ledger.recordUsage(event);
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
