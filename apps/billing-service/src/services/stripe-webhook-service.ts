import { AppError } from '@vivier/contracts';
import { Prisma, type BillingDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import type { StripeWebhooks } from '../lib/stripe-client';
import { stripeEventHandlers } from './stripe-event-handlers';

export interface StripeWebhookDeps {
  db: Pick<BillingDb, 'stripeEvent' | '$transaction'>;
  webhooks: StripeWebhooks | undefined;
  /** Undefined when STRIPE_WEBHOOK_SECRET is not set: the webhook answers 503. */
  webhookSecret: string | undefined;
  logger: Logger;
}

export type WebhookOutcome = 'processed' | 'duplicate' | 'ignored';

interface VerifiedEvent {
  id: string;
  type: string;
  /** Unix seconds: when Stripe created the event (deliveries may arrive out of this order). */
  created: number;
  data: { object: unknown };
}

const isForeignKeyViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003';

export function createStripeWebhookService(deps: StripeWebhookDeps) {
  const logger = deps.logger.child({ component: 'stripe-webhook' });

  async function recordOnly(event: VerifiedEvent) {
    await deps.db.stripeEvent.createMany({
      data: [{ id: event.id, type: event.type }],
      skipDuplicates: true,
    });
  }

  /**
   * Applies one verified event exactly once: the StripeEvent row is inserted first in the same
   * transaction as the effect, so a replay (or two deliveries racing) finds the id taken and
   * changes nothing, and a failed effect leaves no record, so Stripe's retry runs it again.
   */
  async function processEvent(event: VerifiedEvent): Promise<WebhookOutcome> {
    const handler = stripeEventHandlers[event.type];
    if (!handler) return 'ignored';
    const log = logger.child({ stripeEventId: event.id, stripeEventType: event.type });
    try {
      return await deps.db.$transaction(async (tx) => {
        const { count } = await tx.stripeEvent.createMany({
          data: [{ id: event.id, type: event.type }],
          skipDuplicates: true,
        });
        if (count === 0) return 'duplicate';
        await handler(tx, event.data.object, { logger: log, eventAt: new Date(event.created * 1000) });
        return 'processed';
      });
    } catch (error) {
      // The user was deleted meanwhile: retrying cannot help, so note the event as handled.
      if (!isForeignKeyViolation(error)) throw error;
      log.warn({ err: error }, 'stripe event for a user that no longer exists; ignored');
      await recordOnly(event);
      return 'ignored';
    }
  }

  return {
    processEvent,

    /** Verifies the Stripe-Signature over the exact raw bytes, then processes the event. */
    async receive(payload: unknown, signature: string | undefined): Promise<WebhookOutcome> {
      if (!deps.webhookSecret || !deps.webhooks) {
        throw new AppError('UPSTREAM_UNAVAILABLE', 'Billing is not configured');
      }
      if (!Buffer.isBuffer(payload) || payload.length === 0) {
        throw new AppError('VALIDATION_FAILED', 'Expected a JSON body from Stripe');
      }
      if (!signature) throw new AppError('VALIDATION_FAILED', 'Missing Stripe-Signature header');
      let event: VerifiedEvent;
      try {
        event = deps.webhooks.constructEvent(payload, signature, deps.webhookSecret);
      } catch (error) {
        logger.warn(
          { reason: error instanceof Error ? error.message : String(error) },
          'stripe webhook refused',
        );
        throw new AppError('VALIDATION_FAILED', 'Invalid Stripe signature', { cause: error });
      }
      const outcome = await processEvent(event);
      logger.info(
        { stripeEventId: event.id, stripeEventType: event.type, outcome },
        'stripe webhook handled',
      );
      return outcome;
    },
  };
}

export type StripeWebhookService = ReturnType<typeof createStripeWebhookService>;
