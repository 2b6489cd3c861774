import { stripeId, unixNow } from './stripe-ids';

/** The API version the stub's events claim (the one stripe 23.1.0 pins). */
export const STRIPE_STUB_API_VERSION = '2026-10-28.endive';

export interface StripeEventPayload {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
}

/** A snapshot event as Stripe delivers it to a webhook endpoint. */
export function stripeEvent(
  type: string,
  object: Record<string, unknown>,
  options: { id?: string; created?: number; previousAttributes?: Record<string, unknown> } = {},
): StripeEventPayload {
  return {
    id: options.id ?? stripeId('evt'),
    object: 'event',
    api_version: STRIPE_STUB_API_VERSION,
    created: options.created ?? unixNow(),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: {
      object,
      ...(options.previousAttributes ? { previous_attributes: options.previousAttributes } : {}),
    },
  };
}

/**
 * The SDK's `stripe.webhooks` (or anything with its test-header helper). Passed in rather than
 * imported so the testkit does not depend on the stripe package; the signature is then made by
 * the very SDK the service verifies with.
 */
export interface StripeWebhookSigner {
  generateTestHeaderString(options: { payload: string; secret: string; timestamp?: number }): string;
}

export interface SignedWebhook {
  /** The exact bytes to send: the signature covers them. */
  payload: string;
  headers: { 'content-type': string; 'stripe-signature': string };
}

/** A webhook request body and headers, signed with `secret` the way Stripe signs deliveries. */
export function signStripeWebhook(options: {
  webhooks: StripeWebhookSigner;
  secret: string;
  event: StripeEventPayload | Record<string, unknown>;
  /** Unix seconds of the signature (default now); old ones fail the SDK's tolerance check. */
  timestamp?: number;
}): SignedWebhook {
  const payload = JSON.stringify(options.event, null, 2);
  const signature = options.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret,
    ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
  });
  return {
    payload,
    headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
  };
}
