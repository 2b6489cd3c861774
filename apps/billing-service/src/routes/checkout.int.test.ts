import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { startTestBillingService, type TestBillingService } from '../test-support';

let service: TestBillingService;

beforeAll(async () => {
  service = await startTestBillingService();
});
afterAll(async () => {
  await service.close();
});

const checkout = (token: string, planId: string) =>
  service.request('POST', '/api/billing/checkout', { token, payload: { planId } });
const portal = (token: string) => service.request('POST', '/api/billing/portal', { token });

describe('POST /api/billing/checkout', () => {
  it('creates the Stripe customer and the plan’s price once, and answers with the Checkout URL', async () => {
    const user = await service.createUser();
    const plan = await service.createPlan({ priceMonthlyCents: 1_500, name: 'Team' });
    const customersBefore = service.stripe.requestsTo('POST', '/v1/customers').length;

    const first = await checkout(user.token, plan.id);
    expect(first.statusCode).toBe(200);
    const [session] = [...service.stripe.checkoutSessions.values()].filter(
      (s) => s.client_reference_id === user.id,
    );
    expect(first.json()).toEqual({ url: `${service.stripe.url}/c/pay/${session!.id}` });

    const row = await service.prisma.subscription.findUniqueOrThrow({ where: { userId: user.id } });
    expect(row.stripeCustomerId).toMatch(/^cus_/);
    expect(row).toMatchObject({ status: 'active', stripeSubscriptionId: null });
    const freePlan = await service.prisma.plan.findUniqueOrThrow({ where: { slug: 'free' } });
    expect(row.planId).toBe(freePlan.id); // nothing is paid yet
    const stored = await service.prisma.plan.findUniqueOrThrow({ where: { id: plan.id } });
    expect(stored.stripePriceId).toMatch(/^price_/);

    // What the SDK sent, as Stripe received it.
    const customerCall = service.stripe.requestsTo('POST', '/v1/customers').at(-1)!;
    expect(customerCall.body).toEqual({ metadata: { userId: user.id } });
    expect(customerCall.idempotencyKey).toBe(`vivier-customer-${user.id}`);
    expect(customerCall.headers.authorization).toBe('Bearer sk_test_billing_0123456789');
    const priceCall = service.stripe.requestsTo('POST', '/v1/prices').at(-1)!;
    expect(priceCall.body).toMatchObject({
      currency: 'usd',
      unit_amount: '1500',
      recurring: { interval: 'month' },
    });
    expect(service.stripe.products.get(priceCall.body.product as string)).toMatchObject({
      name: 'Vivier Team',
    });
    const sessionCall = service.stripe.requestsTo('POST', '/v1/checkout/sessions').at(-1)!;
    expect(sessionCall.body).toEqual({
      mode: 'subscription',
      customer: row.stripeCustomerId,
      client_reference_id: user.id,
      line_items: [{ price: stored.stripePriceId, quantity: '1' }],
      metadata: { userId: user.id, planId: plan.id },
      subscription_data: { metadata: { userId: user.id, planId: plan.id } },
      success_url: 'http://localhost:3000/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://localhost:3000/billing?checkout=cancelled',
    });

    // Again (the user came back from Checkout without paying): same customer, same price.
    const pricesBefore = service.stripe.requestsTo('POST', '/v1/prices').length;
    const second = await checkout(user.token, plan.id);
    expect(second.statusCode).toBe(200);
    expect(second.json().url).not.toBe(first.json().url);
    expect(service.stripe.requestsTo('POST', '/v1/customers').length).toBe(customersBefore + 1);
    expect(service.stripe.requestsTo('POST', '/v1/prices').length).toBe(pricesBefore);
    expect(service.stripe.requestsTo('POST', '/v1/checkout/sessions').at(-1)!.body.customer).toBe(
      row.stripeCustomerId,
    );
  });

  it('refuses the free plan (400), unknown, malformed and retired plans (404) and a missing planId (400)', async () => {
    const user = await service.createUser();
    const free = await service.prisma.plan.findUniqueOrThrow({ where: { slug: 'free' } });
    const retired = await service.createPlan({ active: false });
    const before = service.stripe.requests.length;

    const freeResponse = await checkout(user.token, free.id);
    expect(freeResponse.statusCode).toBe(400);
    expect(freeResponse.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'planId' }],
    });
    for (const planId of [newId('plan'), 'not-a-plan-id', retired.id]) {
      const response = await checkout(user.token, planId);
      expect(response.statusCode, planId).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    const missing = await service.request('POST', '/api/billing/checkout', {
      token: user.token,
      payload: {},
    });
    expect(missing.statusCode).toBe(400);
    expect(service.stripe.requests.length).toBe(before);
  });

  it('refuses a second subscription while one is running (409)', async () => {
    const user = await service.createUser();
    const plan = await service.createPlan();
    await service.prisma.subscription.create({
      data: {
        id: newId('subscription'),
        userId: user.id,
        planId: plan.id,
        status: 'active',
        stripeCustomerId: `cus_${user.id}`,
        stripeSubscriptionId: `sub_${user.id}`,
      },
    });
    const response = await checkout(user.token, plan.id);
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('CONFLICT');
  });

  it('answers 503 when Stripe fails, without leaking its error', async () => {
    const user = await service.createUser();
    const plan = await service.createPlan();
    service.stripe.failNext({ status: 400, path: '/v1/customers', message: 'secret internals' });
    const response = await checkout(user.token, plan.id);
    expect(response.statusCode).toBe(503);
    expect(response.json().error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(response.body).not.toContain('secret internals');
    expect(service.logs.text()).toContain('stripe call failed');
    // Nothing half-done: the next try works.
    expect((await checkout(user.token, plan.id)).statusCode).toBe(200);
  });

  it('lets the SDK retry a Stripe 500 with the same idempotency key', async () => {
    const user = await service.createUser();
    const plan = await service.createPlan();
    service.stripe.failNext({ status: 500, path: '/v1/checkout/sessions' });
    const response = await checkout(user.token, plan.id);
    expect(response.statusCode).toBe(200);
    const [failed, retried] = service.stripe.requestsTo('POST', '/v1/checkout/sessions').slice(-2);
    expect([failed!.status, retried!.status]).toEqual([500, 200]);
    expect(retried!.idempotencyKey).toBe(failed!.idempotencyKey);
  });

  it('needs an access token', async () => {
    const response = await service.request('POST', '/api/billing/checkout', {
      payload: { planId: newId('plan') },
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('POST /api/billing/portal', () => {
  it('opens the Customer Portal for the user’s Stripe customer', async () => {
    const user = await service.createUser();
    const plan = await service.createPlan();
    expect((await checkout(user.token, plan.id)).statusCode).toBe(200);
    const row = await service.prisma.subscription.findUniqueOrThrow({ where: { userId: user.id } });

    const response = await portal(user.token);
    expect(response.statusCode).toBe(200);
    expect(response.json().url).toMatch(new RegExp(`^${service.stripe.url}/p/session/bps_`));
    expect(service.stripe.requestsTo('POST', '/v1/billing_portal/sessions').at(-1)!.body).toEqual({
      customer: row.stripeCustomerId,
      return_url: 'http://localhost:3000/billing',
    });
  });

  it('answers 409 before the user has a Stripe customer', async () => {
    const user = await service.createUser();
    const response = await portal(user.token);
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('CONFLICT');
  });
});

describe('without Stripe configured', () => {
  it('answers 503 "Billing is not configured" on checkout, portal and webhook; plans still work', async () => {
    const bare = await startTestBillingService(
      { STRIPE_SECRET_KEY: undefined, STRIPE_WEBHOOK_SECRET: undefined, STRIPE_API_URL: undefined },
      { runConsumers: false },
    );
    try {
      const user = await bare.createUser();
      const plan = await bare.createPlan();
      for (const response of [
        await bare.request('POST', '/api/billing/checkout', {
          token: user.token,
          payload: { planId: plan.id },
        }),
        await bare.request('POST', '/api/billing/portal', { token: user.token }),
        await bare.sendWebhook({
          id: 'evt_x',
          object: 'event',
          type: 'customer.subscription.deleted',
        } as never),
      ]) {
        expect(response.statusCode).toBe(503);
        expect(response.json().error).toMatchObject({
          code: 'UPSTREAM_UNAVAILABLE',
          message: 'Billing is not configured',
        });
      }
      expect((await bare.request('GET', '/api/billing/plans')).statusCode).toBe(200);
      expect(bare.stripe.requests).toEqual([]);
    } finally {
      await bare.close();
    }
  });
});
