import { z } from 'zod';
import { authClientEnv, baseEnv, databaseEnv, internalEnv, port, redisEnv } from '@vivier/config';

export const billingEnvSchema = z.object({
  ...baseEnv,
  ...databaseEnv,
  ...redisEnv,
  ...internalEnv,
  ...authClientEnv,
  PORT: port(4004),
  /** Stripe secret key (sk_live_… / sk_test_…). Unset: plans, usage and quotas work; checkout and portal answer 503. */
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  /** Signing secret of the webhook endpoint (whsec_…). Unset: the webhook answers 503. */
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** Another Stripe API origin, e.g. a local stub at http://127.0.0.1:12111. Unset: api.stripe.com. */
  STRIPE_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Where users reach Vivier; Checkout and the portal send them back here. */
  PUBLIC_URL: z.url().default('http://localhost:3000'),
  /** This process's name in the `billing` consumer group; stable per process so a restart resumes its own pending entries. */
  /**
   * How long the allowance billing keeps in Redis stays fresh: the first answer after it has billing
   * recompute it from the ledger in the background (plan and allowance changes apply within this).
   */
  QUOTA_HOT_TTL_MS: z.coerce.number().int().min(1_000).default(60_000),
  /** The least one starting answer holds of the allowance (else: the period's largest answer so far). */
  QUOTA_RESERVE_FLOOR_MICROS: z.coerce.number().int().min(0).default(10_000),
  BUS_CONSUMER_NAME: z.string().min(1).optional(),
});

export type BillingEnv = z.infer<typeof billingEnvSchema>;
