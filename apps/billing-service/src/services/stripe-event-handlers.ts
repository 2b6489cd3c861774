import { newId } from '@vivier/contracts';
import type { Prisma } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import { isEntitled } from '../lib/billing-period';
import {
  CheckoutSessionObject,
  InvoiceObject,
  SubscriptionObject,
  invoiceSubscriptionId,
  subscriptionTerms,
} from '../lib/stripe-objects';
import { findDefaultPlan } from './plan-service';

/** What a handler may touch: billing's own tables, inside the event's transaction. */
type BillingTx = Pick<Prisma.TransactionClient, 'plan' | 'subscription'>;

interface StripeEventContext {
  logger: Logger;
  /** When Stripe created the event. */
  eventAt: Date;
}

export type StripeEventHandler = (
  tx: BillingTx,
  object: unknown,
  context: StripeEventContext,
) => Promise<void>;

/**
 * True when the row already reflects a newer event than this one. Stripe neither orders
 * deliveries nor retries them in order, so an older `customer.subscription.updated` (say, the
 * one from before a plan change) can arrive last; applying it would undo the newer state.
 */
const isStale = (row: { stripeEventAt: Date | null } | null, eventAt: Date) =>
  row?.stripeEventAt != null && row.stripeEventAt.getTime() > eventAt.getTime();

/** Paid: the user moves to the plan they bought, with the customer and subscription on record. */
async function onCheckoutCompleted(
  tx: BillingTx,
  object: unknown,
  { logger, eventAt }: StripeEventContext,
): Promise<void> {
  const session = CheckoutSessionObject.parse(object);
  if (session.mode !== 'subscription') return;
  const userId = session.metadata.userId ?? session.client_reference_id ?? undefined;
  const planId = session.metadata.planId;
  const plan = planId ? await tx.plan.findUnique({ where: { id: planId } }) : null;
  if (!userId || !plan) {
    logger.warn(
      { checkoutSessionId: session.id, userId, planId },
      'checkout session without a known user and plan; ignored',
    );
    return;
  }
  // Asynchronous payment methods complete the session before the money arrives.
  const status = session.payment_status === 'unpaid' ? 'incomplete' : 'active';
  const stripeIds = { stripeCustomerId: session.customer, stripeSubscriptionId: session.subscription };
  const row = await tx.subscription.findUnique({ where: { userId } });
  if (isStale(row, eventAt) && row?.stripeSubscriptionId === session.subscription) {
    logger.info(
      { userId, checkoutSessionId: session.id },
      'checkout completed after newer subscription news; ignored',
    );
    return;
  }
  await tx.subscription.upsert({
    where: { userId },
    create: {
      id: newId('subscription'),
      userId,
      planId: plan.id,
      status,
      ...stripeIds,
      stripeEventAt: eventAt,
    },
    update: { planId: plan.id, status, cancelAtPeriodEnd: false, ...stripeIds, stripeEventAt: eventAt },
  });
  logger.info({ userId, planId: plan.id, stripeSubscriptionId: session.subscription }, 'checkout completed');
}

/** Created or updated (renewal, plan change in the portal, cancellation scheduled, status change). */
async function onSubscriptionChanged(
  tx: BillingTx,
  object: unknown,
  { logger, eventAt }: StripeEventContext,
): Promise<void> {
  const subscription = SubscriptionObject.parse(object);
  const row =
    (subscription.metadata.userId
      ? await tx.subscription.findUnique({ where: { userId: subscription.metadata.userId } })
      : null) ??
    (await tx.subscription.findUnique({ where: { stripeSubscriptionId: subscription.id } })) ??
    (subscription.customer
      ? await tx.subscription.findUnique({ where: { stripeCustomerId: subscription.customer } })
      : null);
  const userId = subscription.metadata.userId ?? row?.userId;
  if (!userId) {
    logger.warn({ stripeSubscriptionId: subscription.id }, 'subscription of an unknown customer; ignored');
    return;
  }
  // Late news about a subscription the user has since replaced must not overwrite the new one.
  if (
    row?.stripeSubscriptionId &&
    row.stripeSubscriptionId !== subscription.id &&
    !isEntitled(subscription.status)
  ) {
    logger.info(
      { userId, stripeSubscriptionId: subscription.id },
      'event of a replaced subscription; ignored',
    );
    return;
  }

  if (row?.stripeSubscriptionId === subscription.id && isStale(row, eventAt)) {
    logger.info(
      { userId, stripeSubscriptionId: subscription.id },
      'older event of this subscription; ignored',
    );
    return;
  }

  const terms = subscriptionTerms(subscription);
  const byPrice = terms.priceId ? await tx.plan.findFirst({ where: { stripePriceId: terms.priceId } }) : null;
  const byMetadata = subscription.metadata.planId
    ? await tx.plan.findUnique({ where: { id: subscription.metadata.planId } })
    : null;
  const planId = byPrice?.id ?? byMetadata?.id ?? row?.planId;
  if (!planId) {
    logger.warn(
      { userId, stripeSubscriptionId: subscription.id, priceId: terms.priceId },
      'subscription to an unknown plan; ignored',
    );
    return;
  }
  const fields = {
    planId,
    status: subscription.status,
    stripeCustomerId: subscription.customer,
    stripeSubscriptionId: subscription.id,
    currentPeriodStart: terms.periodStart,
    currentPeriodEnd: terms.periodEnd,
    cancelAtPeriodEnd: subscription.cancel_at_period_end ?? false,
    stripeEventAt: eventAt,
  };
  await tx.subscription.upsert({
    where: { userId },
    create: { id: newId('subscription'), userId, ...fields },
    update: fields,
  });
  logger.info(
    { userId, planId, status: subscription.status, stripeSubscriptionId: subscription.id },
    'subscription updated',
  );
}

/** Ended: back to the default (Free) plan; the Stripe customer stays for a later checkout. */
async function onSubscriptionDeleted(
  tx: BillingTx,
  object: unknown,
  { logger, eventAt }: StripeEventContext,
): Promise<void> {
  const subscription = SubscriptionObject.parse(object);
  const row = await tx.subscription.findUnique({ where: { stripeSubscriptionId: subscription.id } });
  if (!row) {
    logger.info({ stripeSubscriptionId: subscription.id }, 'deleted subscription not on record; ignored');
    return;
  }
  const freePlan = await findDefaultPlan(tx);
  await tx.subscription.update({
    where: { id: row.id },
    data: {
      planId: freePlan.id,
      status: 'canceled',
      stripeSubscriptionId: null,
      currentPeriodStart: null,
      currentPeriodEnd: null,
      cancelAtPeriodEnd: false,
      stripeEventAt: eventAt,
    },
  });
  logger.info(
    { userId: row.userId, stripeSubscriptionId: subscription.id },
    'subscription ended; back to the free plan',
  );
}

/** A renewal charge failed: past_due while Stripe retries (the plan stays until Stripe gives up). */
async function onInvoicePaymentFailed(
  tx: BillingTx,
  object: unknown,
  { logger, eventAt }: StripeEventContext,
): Promise<void> {
  const invoice = InvoiceObject.parse(object);
  const subscriptionId = invoiceSubscriptionId(invoice);
  const row = subscriptionId
    ? await tx.subscription.findUnique({ where: { stripeSubscriptionId: subscriptionId } })
    : invoice.customer
      ? await tx.subscription.findUnique({ where: { stripeCustomerId: invoice.customer } })
      : null;
  // Only a running subscription becomes past_due; a failed first payment leaves it `incomplete`.
  if (!row?.stripeSubscriptionId || !['active', 'trialing'].includes(row.status)) {
    logger.info(
      { invoiceId: invoice.id, stripeSubscriptionId: subscriptionId },
      'failed invoice of no running subscription; ignored',
    );
    return;
  }
  if (isStale(row, eventAt)) {
    logger.info(
      { userId: row.userId, invoiceId: invoice.id },
      'failed invoice older than the subscription news; ignored',
    );
    return;
  }
  await tx.subscription.update({
    where: { id: row.id },
    data: { status: 'past_due', stripeEventAt: eventAt },
  });
  logger.warn({ userId: row.userId, invoiceId: invoice.id }, 'subscription payment failed; past_due');
}

/** The event types the webhook acts on; Stripe may send others, which are acknowledged and ignored. */
export const stripeEventHandlers: Record<string, StripeEventHandler> = {
  'checkout.session.completed': onCheckoutCompleted,
  'customer.subscription.created': onSubscriptionChanged,
  'customer.subscription.updated': onSubscriptionChanged,
  'customer.subscription.deleted': onSubscriptionDeleted,
  'invoice.payment_failed': onInvoicePaymentFailed,
};
