import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signStripeWebhook, stripeEvent, startStripeStub, type StripeStub } from './index';

let stub: StripeStub;
const KEY = 'sk_test_stub_123';

beforeAll(async () => {
  stub = await startStripeStub({ apiKey: KEY });
});
afterAll(async () => {
  await stub.close();
});
beforeEach(() => stub.reset());

/** The fields these tests read from the stub's Stripe-shaped answers. */
interface StubAnswer {
  id: string;
  url: string;
  product: string;
  error: { type: string; code?: string; param?: string };
}

async function call(
  method: string,
  path: string,
  form: Record<string, string> = {},
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${stub.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${KEY}`,
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    },
    body: method === 'GET' ? undefined : new URLSearchParams(form).toString(),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as StubAnswer };
}

async function subscriptionPrice() {
  const product = await call('POST', '/v1/products', { name: 'Pro' });
  return call('POST', '/v1/prices', {
    product: product.body.id,
    currency: 'usd',
    unit_amount: '2000',
    'recurring[interval]': 'month',
  });
}

describe('stripe stub API', () => {
  it('creates customers, products, prices and sessions with Stripe-shaped objects and records requests', async () => {
    const customer = await call('POST', '/v1/customers', { 'metadata[userId]': 'usr_1' });
    expect(customer.status).toBe(200);
    expect(customer.body).toMatchObject({ object: 'customer', metadata: { userId: 'usr_1' } });
    expect(customer.body.id).toMatch(/^cus_/);

    const price = await subscriptionPrice();
    expect(price.body).toMatchObject({
      object: 'price',
      unit_amount: 2000,
      currency: 'usd',
      type: 'recurring',
    });
    expect(price.body.id).toMatch(/^price_/);
    expect(price.body.product).toMatch(/^prod_/);

    const session = await call('POST', '/v1/checkout/sessions', {
      mode: 'subscription',
      customer: customer.body.id,
      'line_items[0][price]': price.body.id,
      'line_items[0][quantity]': '1',
      success_url: 'http://app/ok',
      client_reference_id: 'usr_1',
    });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({
      object: 'checkout.session',
      mode: 'subscription',
      status: 'open',
      client_reference_id: 'usr_1',
    });
    expect(session.body.id).toMatch(/^cs_test_/);
    expect(session.body.url).toBe(`${stub.url}/c/pay/${session.body.id}`);
    expect(session.body).not.toHaveProperty('line_items_input');
    expect((await fetch(session.body.url)).status).toBe(200);

    const portal = await call('POST', '/v1/billing_portal/sessions', {
      customer: customer.body.id,
      return_url: 'http://app/billing',
    });
    expect(portal.body.id).toMatch(/^bps_/);
    expect(portal.body.url).toContain(stub.url);

    expect(stub.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
      'POST /v1/customers 200',
      'POST /v1/products 200',
      'POST /v1/prices 200',
      'POST /v1/checkout/sessions 200',
      'POST /v1/billing_portal/sessions 200',
    ]);
    expect(stub.requestsTo('POST', '/v1/checkout/sessions')[0]!.body.line_items).toEqual([
      { price: price.body.id, quantity: '1' },
    ]);
  });

  it('refuses unknown prices and customers, missing params, unknown URLs and a wrong key like Stripe', async () => {
    const session = await call('POST', '/v1/checkout/sessions', {
      mode: 'subscription',
      'line_items[0][price]': 'price_nope',
      success_url: 'http://app/ok',
    });
    expect(session.status).toBe(400);
    expect(session.body.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'line_items[0][price]',
    });
    expect((await call('POST', '/v1/billing_portal/sessions', {})).body.error.code).toBe('parameter_missing');
    expect((await call('GET', '/v1/customers/cus_nope')).status).toBe(404);
    expect((await call('POST', '/v1/charges', {})).status).toBe(404);
    expect((await call('POST', '/v1/customers', {}, { authorization: 'Bearer sk_test_wrong' })).status).toBe(
      401,
    );
  });

  it('replays an Idempotency-Key and refuses the same key with other parameters', async () => {
    const first = await call(
      'POST',
      '/v1/customers',
      { 'metadata[userId]': 'usr_1' },
      { 'idempotency-key': 'k1' },
    );
    const again = await call(
      'POST',
      '/v1/customers',
      { 'metadata[userId]': 'usr_1' },
      { 'idempotency-key': 'k1' },
    );
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(stub.customers.size).toBe(1);
    const other = await call(
      'POST',
      '/v1/customers',
      { 'metadata[userId]': 'usr_2' },
      { 'idempotency-key': 'k1' },
    );
    expect(other.status).toBe(400);
    expect(other.body.error.type).toBe('idempotency_error');
  });

  it('injects one failure on request', async () => {
    stub.failNext({ status: 500, path: '/v1/customers' });
    expect((await call('POST', '/v1/products', { name: 'P' })).status).toBe(200);
    const failed = await call('POST', '/v1/customers', {});
    expect(failed.status).toBe(500);
    expect(failed.body.error.type).toBe('api_error');
    expect((await call('POST', '/v1/customers', {})).status).toBe(200);
  });
});

describe('stripe stub lifecycle', () => {
  it('completes a checkout into a subscription with the session metadata and a billing period', async () => {
    const customer = await call('POST', '/v1/customers', {});
    const price = await subscriptionPrice();
    const created = await call('POST', '/v1/checkout/sessions', {
      mode: 'subscription',
      customer: customer.body.id,
      'line_items[0][price]': price.body.id,
      success_url: 'http://app/ok',
      'subscription_data[metadata][userId]': 'usr_9',
    });
    const periodStart = new Date('2026-11-05T00:00:00Z');
    const { session, subscription } = stub.completeCheckout(created.body.id, { periodStart });
    expect(session).toMatchObject({
      status: 'complete',
      payment_status: 'paid',
      subscription: subscription.id,
    });
    expect(subscription).toMatchObject({
      object: 'subscription',
      status: 'active',
      customer: customer.body.id,
      metadata: { userId: 'usr_9' },
    });
    const item = (
      subscription.items as {
        data: Array<{ price: { id: string }; current_period_start: number; current_period_end: number }>;
      }
    ).data[0]!;
    expect(item.price.id).toBe(price.body.id);
    expect(item.current_period_start).toBe(periodStart.getTime() / 1000);
    expect(item.current_period_end).toBe(new Date('2026-12-05T00:00:00Z').getTime() / 1000);
    expect((await call('GET', `/v1/subscriptions/${subscription.id}`)).body.id).toBe(subscription.id);

    expect(stub.changeSubscription(subscription.id, { cancelAtPeriodEnd: true })).toMatchObject({
      cancel_at_period_end: true,
    });
    expect(stub.failedInvoice(subscription.id)).toMatchObject({
      object: 'invoice',
      parent: { subscription_details: { subscription: subscription.id } },
    });
    expect(stub.cancelSubscription(subscription.id)).toMatchObject({ status: 'canceled' });
  });
});

describe('signStripeWebhook', () => {
  it('signs the exact payload with the given signer and secret', () => {
    const event = stripeEvent('customer.subscription.deleted', { id: 'sub_1', object: 'subscription' });
    expect(event).toMatchObject({
      object: 'event',
      type: 'customer.subscription.deleted',
      data: { object: { id: 'sub_1' } },
    });
    expect(event.id).toMatch(/^evt_/);
    // Stand-in for stripe.webhooks: the v1 scheme, HMAC-SHA256 over `${timestamp}.${payload}`.
    const webhooks = {
      generateTestHeaderString: ({
        payload,
        secret,
        timestamp = 1_700_000_000,
      }: {
        payload: string;
        secret: string;
        timestamp?: number;
      }) =>
        `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex')}`,
    };
    const signed = signStripeWebhook({ webhooks, secret: 'whsec_test', event, timestamp: 1_800_000_000 });
    expect(JSON.parse(signed.payload)).toEqual(event);
    const expected = createHmac('sha256', 'whsec_test').update(`1800000000.${signed.payload}`).digest('hex');
    expect(signed.headers['stripe-signature']).toBe(`t=1800000000,v1=${expected}`);
    expect(signed.headers['content-type']).toMatch(/^application\/json/);
  });
});
