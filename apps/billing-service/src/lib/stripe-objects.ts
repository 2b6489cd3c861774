import { z } from 'zod';

/**
 * The few fields billing-service reads from webhook event objects, parsed leniently: a webhook
 * endpoint may be pinned to an older API version than the SDK, so both the current shapes and
 * the pre-2025-03-31 ones (period on the subscription, `invoice.subscription`) are accepted.
 * Expandable references arrive as an id or as the expanded object; both become the id.
 */
const reference = z
  .union([z.string(), z.object({ id: z.string() }).transform((object) => object.id)])
  .nullish()
  .transform((id) => id ?? undefined);

const metadata = z
  .record(z.string(), z.string())
  .nullish()
  .transform((value) => value ?? {});

const unixSeconds = z.number().int().nullish();

export const CheckoutSessionObject = z.object({
  id: z.string(),
  mode: z.string(),
  customer: reference,
  subscription: reference,
  client_reference_id: z.string().nullish(),
  payment_status: z.string().nullish(),
  metadata,
});
export type CheckoutSessionObject = z.infer<typeof CheckoutSessionObject>;

export const SubscriptionObject = z.object({
  id: z.string(),
  customer: reference,
  status: z.string(),
  cancel_at_period_end: z.boolean().nullish(),
  metadata,
  current_period_start: unixSeconds,
  current_period_end: unixSeconds,
  items: z
    .object({
      data: z.array(
        z.object({
          price: z.object({ id: z.string() }).nullish(),
          current_period_start: unixSeconds,
          current_period_end: unixSeconds,
        }),
      ),
    })
    .nullish(),
});
export type SubscriptionObject = z.infer<typeof SubscriptionObject>;

export const InvoiceObject = z.object({
  id: z.string(),
  customer: reference,
  subscription: reference,
  parent: z.object({ subscription_details: z.object({ subscription: reference }).nullish() }).nullish(),
});
export type InvoiceObject = z.infer<typeof InvoiceObject>;

const fromUnix = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null);

/** The price and billing period of a subscription, from its first item (or the legacy top-level fields). */
export function subscriptionTerms(subscription: SubscriptionObject): {
  priceId: string | undefined;
  periodStart: Date | null;
  periodEnd: Date | null;
} {
  const item = subscription.items?.data[0];
  return {
    priceId: item?.price?.id,
    periodStart: fromUnix(item?.current_period_start ?? subscription.current_period_start),
    periodEnd: fromUnix(item?.current_period_end ?? subscription.current_period_end),
  };
}

/** The subscription an invoice bills, wherever the API version put it. */
export function invoiceSubscriptionId(invoice: InvoiceObject): string | undefined {
  return invoice.parent?.subscription_details?.subscription ?? invoice.subscription;
}
