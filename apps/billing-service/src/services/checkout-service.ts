import type Stripe from 'stripe';
import { AppError, newId, type UrlResponse } from '@vivier/contracts';
import type { BillingDb, Plan as PlanRow } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import { isEntitled } from '../lib/billing-period';
import { FREE_STATUS } from './account-service';
import { findDefaultPlan } from './plan-service';
import { callStripe } from './stripe-calls';

/** Plans are priced in US dollars (Plan.priceMonthlyCents). */
const CURRENCY = 'usd';

export interface CheckoutServiceDeps {
  db: Pick<BillingDb, 'plan' | 'subscription'>;
  /** Undefined when STRIPE_SECRET_KEY is not set. */
  stripe: Stripe | undefined;
  publicUrl: string;
  logger: Logger;
}

export function createCheckoutService(deps: CheckoutServiceDeps) {
  const { db } = deps;
  // Concatenated, not resolved, so a PUBLIC_URL with a path prefix keeps it.
  const appUrl = (path: string) => `${deps.publicUrl.replace(/\/+$/, '')}${path}`;
  const logger = deps.logger.child({ component: 'checkout' });

  function requireStripe(): Stripe {
    if (!deps.stripe) throw new AppError('UPSTREAM_UNAVAILABLE', 'Billing is not configured');
    return deps.stripe;
  }

  /**
   * The user's Stripe customer, created once and kept on their Subscription row (a free user gets
   * a row on the default plan just to hold it). The idempotency key makes a concurrent or retried
   * first checkout get the same customer back from Stripe.
   */
  async function ensureCustomer(stripe: Stripe, userId: string): Promise<string> {
    const existing = await db.subscription.findUnique({
      where: { userId },
      select: { stripeCustomerId: true },
    });
    if (existing?.stripeCustomerId) return existing.stripeCustomerId;

    const customer = await callStripe(logger, 'customers.create', () =>
      stripe.customers.create({ metadata: { userId } }, { idempotencyKey: `vivier-customer-${userId}` }),
    );
    const freePlan = await findDefaultPlan(db);
    await db.subscription.createMany({
      data: [
        {
          id: newId('subscription'),
          userId,
          planId: freePlan.id,
          status: FREE_STATUS,
          stripeCustomerId: customer.id,
        },
      ],
      skipDuplicates: true,
    });
    // A row that existed without a customer gets this one; a customer stored meanwhile wins.
    await db.subscription.updateMany({
      where: { userId, stripeCustomerId: null },
      data: { stripeCustomerId: customer.id },
    });
    const saved = await db.subscription.findUniqueOrThrow({
      where: { userId },
      select: { stripeCustomerId: true },
    });
    logger.info({ userId, stripeCustomerId: saved.stripeCustomerId }, 'stripe customer created');
    return saved.stripeCustomerId ?? customer.id;
  }

  /** The plan's recurring Stripe price, created (with its product) the first time the plan is sold. */
  async function ensurePrice(stripe: Stripe, plan: PlanRow): Promise<string> {
    if (plan.stripePriceId) return plan.stripePriceId;
    const key = `vivier-plan-${plan.id}-${plan.priceMonthlyCents}`;
    const product = await callStripe(logger, 'products.create', () =>
      stripe.products.create(
        { name: `Vivier ${plan.name}`, metadata: { planId: plan.id, slug: plan.slug } },
        { idempotencyKey: `${key}-product` },
      ),
    );
    const price = await callStripe(logger, 'prices.create', () =>
      stripe.prices.create(
        {
          product: product.id,
          currency: CURRENCY,
          unit_amount: plan.priceMonthlyCents,
          recurring: { interval: 'month' },
          metadata: { planId: plan.id },
        },
        { idempotencyKey: `${key}-price` },
      ),
    );
    await db.plan.updateMany({
      where: { id: plan.id, stripePriceId: null },
      data: { stripePriceId: price.id },
    });
    const saved = await db.plan.findUniqueOrThrow({
      where: { id: plan.id },
      select: { stripePriceId: true },
    });
    logger.info({ planId: plan.id, stripePriceId: saved.stripePriceId }, 'stripe price created for plan');
    return saved.stripePriceId ?? price.id;
  }

  return {
    /** A Stripe Checkout session (mode subscription) for a paid plan; answers with its URL. */
    async startCheckout(userId: string, planId: string): Promise<UrlResponse> {
      const stripe = requireStripe();
      const plan = await db.plan.findUnique({ where: { id: planId } });
      if (!plan || !plan.active) throw new AppError('NOT_FOUND', 'Plan not found');
      if (plan.isDefault || plan.priceMonthlyCents === 0) {
        throw new AppError('VALIDATION_FAILED', 'The free plan needs no checkout', {
          details: [{ path: 'planId', message: 'is a free plan' }],
        });
      }
      const current = await db.subscription.findUnique({ where: { userId } });
      if (current?.stripeSubscriptionId && isEntitled(current.status)) {
        throw new AppError('CONFLICT', 'You already have a subscription; change it in the billing portal');
      }

      const customer = await ensureCustomer(stripe, userId);
      const price = await ensurePrice(stripe, plan);
      const metadata = { userId, planId: plan.id };
      const session = await callStripe(logger, 'checkout.sessions.create', () =>
        stripe.checkout.sessions.create({
          mode: 'subscription',
          customer,
          client_reference_id: userId,
          line_items: [{ price, quantity: 1 }],
          metadata,
          // Copied onto the subscription so its own events name the user and plan.
          subscription_data: { metadata },
          success_url: appUrl('/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}'),
          cancel_url: appUrl('/billing?checkout=cancelled'),
        }),
      );
      if (!session.url) throw new AppError('UPSTREAM_UNAVAILABLE', 'Stripe returned no checkout URL');
      logger.info({ userId, planId: plan.id, checkoutSessionId: session.id }, 'checkout session created');
      return { url: session.url };
    },

    /** A Customer Portal session for the user's Stripe customer; 409 before they have one. */
    async openPortal(userId: string): Promise<UrlResponse> {
      const stripe = requireStripe();
      const current = await db.subscription.findUnique({
        where: { userId },
        select: { stripeCustomerId: true },
      });
      if (!current?.stripeCustomerId) {
        throw new AppError('CONFLICT', 'There is no billing account yet: subscribe to a plan first');
      }
      const customer = current.stripeCustomerId;
      const session = await callStripe(logger, 'billingPortal.sessions.create', () =>
        stripe.billingPortal.sessions.create({ customer, return_url: appUrl('/billing') }),
      );
      return { url: session.url };
    },
  };
}

export type CheckoutService = ReturnType<typeof createCheckoutService>;
