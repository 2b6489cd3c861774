import { describe, expect, it } from 'vitest';
import {
  CheckoutSessionObject,
  InvoiceObject,
  SubscriptionObject,
  invoiceSubscriptionId,
  subscriptionTerms,
} from './stripe-objects';

describe('stripe event objects', () => {
  it('reads the period from the first subscription item, or from the legacy top-level fields', () => {
    const current = SubscriptionObject.parse({
      id: 'sub_1',
      customer: { id: 'cus_1', object: 'customer' },
      status: 'active',
      metadata: { userId: 'usr_1' },
      items: {
        data: [
          {
            price: { id: 'price_1' },
            current_period_start: 1_800_000_000,
            current_period_end: 1_802_592_000,
          },
        ],
      },
    });
    expect(current.customer).toBe('cus_1');
    expect(subscriptionTerms(current)).toEqual({
      priceId: 'price_1',
      periodStart: new Date(1_800_000_000_000),
      periodEnd: new Date(1_802_592_000_000),
    });
    const legacy = SubscriptionObject.parse({
      id: 'sub_2',
      customer: 'cus_2',
      status: 'active',
      current_period_start: 1,
      current_period_end: 2,
    });
    expect(subscriptionTerms(legacy)).toEqual({
      priceId: undefined,
      periodStart: new Date(1000),
      periodEnd: new Date(2000),
    });
    expect(legacy.metadata).toEqual({});
  });

  it('finds an invoice’s subscription under parent.subscription_details or the legacy field', () => {
    expect(
      invoiceSubscriptionId(
        InvoiceObject.parse({ id: 'in_1', parent: { subscription_details: { subscription: 'sub_1' } } }),
      ),
    ).toBe('sub_1');
    expect(
      invoiceSubscriptionId(InvoiceObject.parse({ id: 'in_2', subscription: 'sub_2', parent: null })),
    ).toBe('sub_2');
    expect(invoiceSubscriptionId(InvoiceObject.parse({ id: 'in_3', customer: 'cus_3' }))).toBeUndefined();
  });

  it('accepts a checkout session with null references', () => {
    const session = CheckoutSessionObject.parse({
      id: 'cs_1',
      mode: 'subscription',
      customer: null,
      subscription: null,
      metadata: null,
    });
    expect(session).toMatchObject({ customer: undefined, subscription: undefined, metadata: {} });
  });
});
