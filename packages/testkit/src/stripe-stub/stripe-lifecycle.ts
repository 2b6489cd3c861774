import { formField } from './form-body';
import { publicView, type StripeObject, type StripeStubState } from './stripe-resources';
import { stripeId, unixNow } from './stripe-ids';

/**
 * What Stripe does on its side when a customer pays, renews or cancels. Tests call these to get
 * realistic objects for the webhook events they then sign and send (see stripe-events.ts).
 */

export interface CompleteCheckoutOptions {
  /** Start of the first billing period (default: now). */
  periodStart?: Date;
  /** End of the first billing period (default: one calendar month after the start). */
  periodEnd?: Date;
  /** The new subscription's status (default `active`). */
  status?: string;
}

const toUnix = (date: Date) => Math.floor(date.getTime() / 1000);

function addMonth(date: Date): Date {
  const next = new Date(date);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return next;
}

function subscriptionItems(subscriptionId: string, price: StripeObject, start: number, end: number) {
  return {
    object: 'list',
    data: [
      {
        id: stripeId('si'),
        object: 'subscription_item',
        created: start,
        price,
        quantity: 1,
        subscription: subscriptionId,
        current_period_start: start,
        current_period_end: end,
        metadata: {},
      },
    ],
    has_more: false,
    total_count: 1,
    url: `/v1/subscription_items?subscription=${subscriptionId}`,
  };
}

/** The customer paid: the session completes and a subscription on its first price starts. */
export function completeCheckoutSession(
  state: StripeStubState,
  sessionId: string,
  options: CompleteCheckoutOptions = {},
): { session: StripeObject; subscription: StripeObject } {
  const session = state.checkoutSessions.get(sessionId);
  if (!session) throw new Error(`stripe stub: no checkout session ${sessionId}`);
  if (session.mode !== 'subscription')
    throw new Error('stripe stub: only subscription-mode sessions complete here');
  if (session.status !== 'open')
    throw new Error(`stripe stub: checkout session ${sessionId} is ${String(session.status)}`);

  const lineItems = session.line_items_input as unknown[];
  const priceId = formField(lineItems[0] as never, 'price') ?? '';
  const price = state.prices.get(priceId);
  if (!price) throw new Error(`stripe stub: the session's price ${priceId} is gone`);

  let customerId = session.customer as string | null;
  if (!customerId) {
    customerId = stripeId('cus');
    state.customers.set(customerId, {
      id: customerId,
      object: 'customer',
      created: unixNow(),
      livemode: false,
      metadata: {},
    });
  }
  const startDate = options.periodStart ?? new Date();
  const start = toUnix(startDate);
  const end = toUnix(options.periodEnd ?? addMonth(startDate));
  const id = stripeId('sub');
  const subscription: StripeObject = {
    id,
    object: 'subscription',
    created: start,
    livemode: false,
    customer: customerId,
    status: options.status ?? 'active',
    cancel_at_period_end: false,
    cancel_at: null,
    canceled_at: null,
    ended_at: null,
    start_date: start,
    metadata: { ...(session.subscription_data_metadata as Record<string, string>) },
    items: subscriptionItems(id, price, start, end),
    latest_invoice: stripeId('in'),
  };
  state.subscriptions.set(id, subscription);
  Object.assign(session, {
    status: 'complete',
    payment_status: 'paid',
    customer: customerId,
    subscription: id,
  });
  return { session: publicView(session), subscription: structuredClone(subscription) };
}

export interface SubscriptionChange {
  status?: string;
  cancelAtPeriodEnd?: boolean;
  /** Switch the subscription to another price (a plan change in the portal). */
  priceId?: string;
  periodStart?: Date;
  periodEnd?: Date;
}

/** A change made in the portal or by Stripe's billing cycle; returns the updated subscription. */
export function changeSubscription(
  state: StripeStubState,
  subscriptionId: string,
  change: SubscriptionChange,
): StripeObject {
  const subscription = state.subscriptions.get(subscriptionId);
  if (!subscription) throw new Error(`stripe stub: no subscription ${subscriptionId}`);
  const items = subscription.items as ReturnType<typeof subscriptionItems>;
  const item = items.data[0]!;
  const price = change.priceId ? state.prices.get(change.priceId) : item.price;
  if (!price) throw new Error(`stripe stub: no price ${change.priceId}`);
  const start = change.periodStart ? toUnix(change.periodStart) : item.current_period_start;
  const end = change.periodEnd ? toUnix(change.periodEnd) : item.current_period_end;
  Object.assign(item, { price, current_period_start: start, current_period_end: end });
  if (change.status) subscription.status = change.status;
  if (change.cancelAtPeriodEnd !== undefined) {
    subscription.cancel_at_period_end = change.cancelAtPeriodEnd;
    subscription.cancel_at = change.cancelAtPeriodEnd ? end : null;
  }
  return structuredClone(subscription);
}

/** The subscription ended (cancelled now, or at its period end). */
export function cancelSubscription(state: StripeStubState, subscriptionId: string): StripeObject {
  const subscription = state.subscriptions.get(subscriptionId);
  if (!subscription) throw new Error(`stripe stub: no subscription ${subscriptionId}`);
  const now = unixNow();
  Object.assign(subscription, {
    status: 'canceled',
    canceled_at: now,
    ended_at: now,
    cancel_at_period_end: false,
  });
  return structuredClone(subscription);
}

/** An invoice of the subscription whose payment failed (`invoice.payment_failed`). */
export function failedInvoice(state: StripeStubState, subscriptionId: string): StripeObject {
  const subscription = state.subscriptions.get(subscriptionId);
  if (!subscription) throw new Error(`stripe stub: no subscription ${subscriptionId}`);
  const item = (subscription.items as ReturnType<typeof subscriptionItems>).data[0]!;
  return {
    id: stripeId('in'),
    object: 'invoice',
    created: unixNow(),
    livemode: false,
    customer: subscription.customer,
    status: 'open',
    attempted: true,
    amount_due: item.price.unit_amount ?? 0,
    currency: item.price.currency ?? 'usd',
    billing_reason: 'subscription_cycle',
    // Since API version 2025-03-31 the subscription sits under parent.subscription_details.
    parent: {
      type: 'subscription_details',
      subscription_details: { subscription: subscriptionId, metadata: subscription.metadata },
    },
  };
}
