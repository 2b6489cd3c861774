import Stripe from 'stripe';
import type { BillingEnv } from '../env';

/** `http://127.0.0.1:12111` → the SDK's host/port/protocol settings; nothing for the real API. */
export function stripeApiLocation(apiUrl: string | undefined): {
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
} {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443,
    protocol,
  };
}

/** The Stripe API client, or undefined when no secret key is configured (checkout and portal then answer 503). */
export function createStripeClient(
  env: Pick<BillingEnv, 'STRIPE_SECRET_KEY' | 'STRIPE_API_URL'>,
): Stripe | undefined {
  if (!env.STRIPE_SECRET_KEY) return undefined;
  return new Stripe(env.STRIPE_SECRET_KEY, {
    ...stripeApiLocation(env.STRIPE_API_URL),
    // Retries reuse the SDK's idempotency key, so a retried create never creates twice.
    maxNetworkRetries: 2,
    timeout: 10_000,
    appInfo: { name: 'vivier-billing-service' },
  });
}

/** Signature checks need no API key: the SDK's webhook helpers are the same on every instance. */
export const stripeWebhooks = Stripe.webhooks;
export type StripeWebhooks = typeof Stripe.webhooks;
