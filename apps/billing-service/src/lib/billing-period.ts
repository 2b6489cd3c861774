/** A half-open billing period: `start` inclusive, `end` exclusive, both UTC instants. */
export interface BillingPeriod {
  start: Date;
  end: Date;
}

/**
 * Stripe statuses that keep the paid plan's allowance. `past_due` is Stripe's dunning window
 * (it keeps retrying the card); when the retries run out Stripe moves the subscription to
 * `canceled` or `unpaid`, and the user falls back to the default plan.
 */
const ENTITLED_STATUSES = new Set(['active', 'trialing', 'past_due']);

export function isEntitled(status: string): boolean {
  return ENTITLED_STATUSES.has(status);
}

/** The UTC calendar month around `now`: the period of everyone without a paid subscription. */
export function calendarMonth(now: Date): BillingPeriod {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { start, end };
}

type PeriodFields = { status: string; currentPeriodStart: Date | null; currentPeriodEnd: Date | null };

/** The paid subscription's own period, while it is in good standing and `now` lies inside it. */
export function subscriptionPeriod(subscription: PeriodFields | null, now: Date): BillingPeriod | null {
  const start = subscription?.currentPeriodStart;
  const end = subscription?.currentPeriodEnd;
  if (subscription && isEntitled(subscription.status) && start && end && start <= now && now < end) {
    return { start, end };
  }
  return null;
}

/**
 * The period usage is measured over: the subscription's own, else (no subscription, cancelled, or
 * a renewal we have not heard of yet) the calendar month.
 */
export function currentPeriod(subscription: PeriodFields | null, now: Date): BillingPeriod {
  return subscriptionPeriod(subscription, now) ?? calendarMonth(now);
}
