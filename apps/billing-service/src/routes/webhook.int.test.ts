import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signStripeWebhook, stripeEvent } from '@vivier/testkit';
import { stripeWebhooks } from '../lib/stripe-client';
import { startTestBillingService, TEST_WEBHOOK_SECRET, type TestBillingService } from '../test-support';

let service: TestBillingService;

beforeAll(async () => {
  service = await startTestBillingService();
});
afterAll(async () => {
  await service.close();
});

const DAY_MS = 24 * 3600 * 1000;

/** A user who went through Checkout for a fresh paid plan: the session exists in the stub, unpaid. */
async function userAtCheckout(allowanceMicros = 40_000_000n) {
  const user = await service.createUser();
  const plan = await service.createPlan({ allowanceMicros });
  const response = await service.request('POST', '/api/billing/checkout', {
    token: user.token,
    payload: { planId: plan.id },
  });
  expect(response.statusCode).toBe(200);
  const sessionId = response.json().url.split('/').at(-1) as string;
  return { user, plan, sessionId };
}

/** …who then paid: the stub completes the session into a subscription and the webhook hears of it. */
async function subscribedUser(allowanceMicros?: bigint) {
  const { user, plan, sessionId } = await userAtCheckout(allowanceMicros);
  const { session, subscription } = service.stripe.completeCheckout(sessionId, {
    periodStart: new Date(Date.now() - DAY_MS),
  });
  const completed = stripeEvent('checkout.session.completed', session);
  expect((await service.sendWebhook(completed)).statusCode).toBe(200);
  return { user, plan, subscription, completed };
}

const rowOf = (userId: string) => service.prisma.subscription.findUniqueOrThrow({ where: { userId } });
const subscriptionView = async (token: string) =>
  (await service.request('GET', '/api/billing/subscription', { token })).json();
/** Only webhooks write StripeEvent (and this file's tests run one at a time); rows are counted per user. */
const counts = async (userId: string) => ({
  events: await service.prisma.stripeEvent.count(),
  subscriptions: await service.prisma.subscription.count({ where: { userId } }),
});

describe('POST /api/billing/webhook', () => {
  it('checkout.session.completed then customer.subscription.updated switch the plan and the period', async () => {
    const { user, plan, sessionId } = await userAtCheckout(40_000_000n);
    const { session, subscription } = service.stripe.completeCheckout(sessionId);

    const completed = await service.sendWebhook(stripeEvent('checkout.session.completed', session));
    expect(completed.statusCode).toBe(200);
    expect(completed.json()).toEqual({ received: true });
    expect(await rowOf(user.id)).toMatchObject({
      planId: plan.id,
      status: 'active',
      stripeSubscriptionId: subscription.id,
      stripeCustomerId: session.customer,
    });

    const periodStart = new Date(Math.floor((Date.now() - 2 * DAY_MS) / 1000) * 1000);
    const periodEnd = new Date(periodStart.getTime() + 30 * DAY_MS);
    const renewed = service.stripe.changeSubscription(subscription.id, { periodStart, periodEnd });
    expect(
      (await service.sendWebhook(stripeEvent('customer.subscription.updated', renewed))).statusCode,
    ).toBe(200);

    expect(await rowOf(user.id)).toMatchObject({
      planId: plan.id,
      currentPeriodStart: periodStart,
      currentPeriodEnd: periodEnd,
    });
    expect(await subscriptionView(user.token)).toMatchObject({
      plan: { id: plan.id, allowanceMicros: 40_000_000 },
      status: 'active',
      currentPeriodStart: periodStart.toISOString(),
      currentPeriodEnd: periodEnd.toISOString(),
      hasBillingAccount: true,
      usage: { limitMicros: 40_000_000, resetsAt: periodEnd.toISOString() },
    });
    expect(
      await service.prisma.stripeEvent.count({ where: { type: 'customer.subscription.updated' } }),
    ).toBeGreaterThan(0);
  });

  it('applies a replayed event once: the replay answers 200 and changes nothing, even after later events', async () => {
    const { user, subscription, completed } = await subscribedUser();
    const ended = service.stripe.cancelSubscription(subscription.id);
    expect((await service.sendWebhook(stripeEvent('customer.subscription.deleted', ended))).statusCode).toBe(
      200,
    );
    const before = { row: await rowOf(user.id), counts: await counts(user.id) };
    expect(before.row.stripeSubscriptionId).toBeNull();

    // Stripe retries the old checkout.session.completed (same event id): it must not resurrect the plan.
    const replay = await service.sendWebhook(completed);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual({ received: true });
    expect(await rowOf(user.id)).toEqual(before.row);
    expect(await counts(user.id)).toEqual(before.counts);
    expect((await subscriptionView(user.token)).plan.slug).toBe('free');
  });

  it('ignores subscription news older than what it already applied (Stripe does not deliver in order)', async () => {
    const { user, subscription } = await subscribedUser();
    const now = Math.floor(Date.now() / 1000);
    // The user schedules a cancellation, then changes their mind; Stripe delivers the two the other way round.
    const scheduled = structuredClone(
      service.stripe.changeSubscription(subscription.id, { cancelAtPeriodEnd: true }),
    );
    const resumed = structuredClone(
      service.stripe.changeSubscription(subscription.id, { cancelAtPeriodEnd: false }),
    );
    const newer = stripeEvent('customer.subscription.updated', resumed, { created: now + 20 });
    const older = stripeEvent('customer.subscription.updated', scheduled, { created: now + 10 });
    expect((await service.sendWebhook(newer)).statusCode).toBe(200);
    expect((await service.sendWebhook(older)).statusCode).toBe(200);
    expect(await rowOf(user.id)).toMatchObject({ cancelAtPeriodEnd: false, status: 'active' });

    // A failed invoice from before the newest news does not make the running subscription past_due…
    const staleFailure = stripeEvent(
      'invoice.payment_failed',
      service.stripe.failedInvoice(subscription.id),
      { created: now + 5 },
    );
    expect((await service.sendWebhook(staleFailure)).statusCode).toBe(200);
    expect((await rowOf(user.id)).status).toBe('active');
    // …while a newer one does.
    const failure = stripeEvent('invoice.payment_failed', service.stripe.failedInvoice(subscription.id), {
      created: now + 30,
    });
    expect((await service.sendWebhook(failure)).statusCode).toBe(200);
    expect((await rowOf(user.id)).status).toBe('past_due');
    expect((await subscriptionView(user.token)).cancelAtPeriodEnd).toBe(false);
  });

  it('two deliveries of one event racing each other apply it once', async () => {
    const { user, subscription } = await subscribedUser();
    const failed = stripeEvent('invoice.payment_failed', service.stripe.failedInvoice(subscription.id));
    const responses = await Promise.all([
      service.sendWebhook(failed),
      service.sendWebhook(failed),
      service.sendWebhook(failed),
    ]);
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200]);
    expect(await service.prisma.stripeEvent.count({ where: { id: failed.id } })).toBe(1);
    expect((await rowOf(user.id)).status).toBe('past_due');
  });

  it('refuses a bad, missing, stale or other-secret signature with 400 and does nothing', async () => {
    const { user, sessionId } = await userAtCheckout();
    const { session } = service.stripe.completeCheckout(sessionId);
    const event = stripeEvent('checkout.session.completed', session);
    const before = { row: await rowOf(user.id), counts: await counts(user.id) };

    const good = signStripeWebhook({ webhooks: stripeWebhooks, secret: TEST_WEBHOOK_SECRET, event });
    const attempts = [
      signStripeWebhook({ webhooks: stripeWebhooks, secret: 'whsec_someone_else', event }),
      signStripeWebhook({
        webhooks: stripeWebhooks,
        secret: TEST_WEBHOOK_SECRET,
        event,
        timestamp: Math.floor(Date.now() / 1000) - 3600,
      }),
      { payload: good.payload.replace('"paid"', '"free!"'), headers: good.headers },
      {
        payload: good.payload,
        headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=deadbeef' },
      },
      { payload: good.payload, headers: { 'content-type': 'application/json' } },
    ];
    for (const [index, attempt] of attempts.entries()) {
      const response = await service.app.inject({
        method: 'POST',
        url: '/api/billing/webhook',
        payload: attempt.payload,
        headers: attempt.headers,
      });
      expect(response.statusCode, `attempt ${index}`).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(await rowOf(user.id)).toEqual(before.row);
    expect(await counts(user.id)).toEqual(before.counts);
    expect(await service.prisma.stripeEvent.findUnique({ where: { id: event.id } })).toBeNull();

    // The genuine delivery still works afterwards.
    const genuine = await service.app.inject({
      method: 'POST',
      url: '/api/billing/webhook',
      payload: good.payload,
      headers: good.headers,
    });
    expect(genuine.statusCode).toBe(200);
  });

  it('customer.subscription.deleted puts the user back on the free plan', async () => {
    const { user, subscription } = await subscribedUser();
    expect((await subscriptionView(user.token)).plan.slug).not.toBe('free');
    const ended = service.stripe.cancelSubscription(subscription.id);
    expect((await service.sendWebhook(stripeEvent('customer.subscription.deleted', ended))).statusCode).toBe(
      200,
    );

    const free = await service.prisma.plan.findUniqueOrThrow({ where: { slug: 'free' } });
    const row = await rowOf(user.id);
    expect(row).toMatchObject({
      planId: free.id,
      status: 'canceled',
      stripeSubscriptionId: null,
      currentPeriodEnd: null,
    });
    expect(row.stripeCustomerId).toMatch(/^cus_/); // kept for a later checkout
    expect(await subscriptionView(user.token)).toMatchObject({
      plan: { slug: 'free', allowanceMicros: 5_000_000 },
      status: 'canceled',
      currentPeriodEnd: null,
      usage: { limitMicros: 5_000_000 },
    });
  });

  it('invoice.payment_failed marks the subscription past_due and keeps the plan while Stripe retries', async () => {
    const { user, plan, subscription } = await subscribedUser(40_000_000n);
    const invoice = service.stripe.failedInvoice(subscription.id);
    expect((await service.sendWebhook(stripeEvent('invoice.payment_failed', invoice))).statusCode).toBe(200);
    expect(await subscriptionView(user.token)).toMatchObject({ status: 'past_due', plan: { id: plan.id } });
  });

  it('follows a plan change made in the portal (by the new price) and a scheduled cancellation', async () => {
    const { user, subscription } = await subscribedUser();
    const bigger = await service.createPlan({ priceMonthlyCents: 9_900, allowanceMicros: 500_000_000n });
    const price = await service.deps.stripe!.prices.create({
      currency: 'usd',
      unit_amount: 9_900,
      recurring: { interval: 'month' },
      product_data: { name: 'Bigger' },
    });
    await service.prisma.plan.update({ where: { id: bigger.id }, data: { stripePriceId: price.id } });

    const changed = service.stripe.changeSubscription(subscription.id, {
      priceId: price.id,
      cancelAtPeriodEnd: true,
    });
    expect(
      (await service.sendWebhook(stripeEvent('customer.subscription.updated', changed))).statusCode,
    ).toBe(200);
    expect(await subscriptionView(user.token)).toMatchObject({
      plan: { id: bigger.id },
      cancelAtPeriodEnd: true,
    });
  });

  it('handles customer.subscription.created arriving before checkout.session.completed', async () => {
    const { user, plan, sessionId } = await userAtCheckout();
    const { session, subscription } = service.stripe.completeCheckout(sessionId);
    expect(
      (await service.sendWebhook(stripeEvent('customer.subscription.created', subscription))).statusCode,
    ).toBe(200);
    expect((await service.sendWebhook(stripeEvent('checkout.session.completed', session))).statusCode).toBe(
      200,
    );
    const row = await rowOf(user.id);
    expect(row).toMatchObject({ planId: plan.id, status: 'active', stripeSubscriptionId: subscription.id });
    expect(row.currentPeriodEnd).toBeInstanceOf(Date);
  });

  it('acknowledges event types it does not handle without recording them', async () => {
    const event = stripeEvent('customer.created', { id: 'cus_whatever', object: 'customer' });
    const response = await service.sendWebhook(event);
    expect(response.statusCode).toBe(200);
    expect(await service.prisma.stripeEvent.findUnique({ where: { id: event.id } })).toBeNull();
  });

  it('ignores a subscription of a customer it has never seen', async () => {
    const event = stripeEvent('customer.subscription.updated', {
      id: 'sub_stranger',
      object: 'subscription',
      customer: 'cus_stranger',
      status: 'active',
      metadata: {},
      items: { data: [] },
    });
    expect((await service.sendWebhook(event)).statusCode).toBe(200);
    expect(await service.prisma.subscription.count({ where: { stripeCustomerId: 'cus_stranger' } })).toBe(0);
    expect(await service.prisma.stripeEvent.findUnique({ where: { id: event.id } })).not.toBeNull();
  });
});
