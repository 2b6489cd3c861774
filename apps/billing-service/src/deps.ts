import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import type Stripe from 'stripe';
import { createAllowanceStore, createBus, type AllowanceStore, type Bus, type Consumer } from '@vivier/bus';
import { createPrismaClient, type BillingDb } from '@vivier/db';
import { tokenVerifierFromEnv, type Logger, type TokenVerifier } from '@vivier/service-kit';
import type { BillingEnv } from './env';
import { startUsageRecordedConsumer } from './consumers/usage-recorded';
import type { StripeWebhooks } from './lib/stripe-client';
import { createUsageLedger } from './services/usage-ledger';

export interface BillingDeps {
  db: BillingDb;
  redis: Redis;
  bus: Bus;
  /** The allowance kept hot in Redis for chat-service (see @vivier/bus allowance.ts). */
  allowance: AllowanceStore;
  /** Undefined when STRIPE_SECRET_KEY is not set. */
  stripe: Stripe | undefined;
  /** Undefined when Stripe is not configured at all (the webhook then answers 503). */
  webhooks: StripeWebhooks | undefined;
  verifier: TokenVerifier;
  /** Running bus consumers (the usage ledger); stopped first on close. */
  consumers: Consumer[];
  close(): Promise<void>;
}

export interface CreateDepsOptions {
  /** Start the usage-ledger consumer (default true). */
  runConsumers?: boolean;
  /** Replaces the JWKS-backed verifier (tests sign their own tokens). */
  verifier?: TokenVerifier;
  /** How long an entry stays with a dead consumer before another takes it (default: the bus's). */
  claimIdleMs?: number;
}

/** The composition root: every connection billing-service holds is opened (and closed) here. */
export async function createDeps(
  env: BillingEnv,
  logger: Logger,
  options: CreateDepsOptions = {},
): Promise<BillingDeps> {
  const prisma = createPrismaClient(env.DATABASE_URL);
  const redis = new Redis(env.REDIS_URL, { lazyConnect: false });
  const bus = createBus({ redis, prefix: env.REDIS_PREFIX, logger: logger.child({ component: 'bus' }) });
  const allowance = createAllowanceStore({ redis, prefix: env.REDIS_PREFIX });
  const verifier = options.verifier ?? tokenVerifierFromEnv(env);

  const consumers: Consumer[] = [];
  if (options.runConsumers !== false) {
    consumers.push(
      startUsageRecordedConsumer({
        bus,
        ledger: createUsageLedger({ db: prisma, logger }),
        allowance,
        consumer: env.BUS_CONSUMER_NAME ?? `billing-${hostname()}-${process.pid}`,
        logger,
        ...(options.claimIdleMs === undefined ? {} : { claimIdleMs: options.claimIdleMs }),
      }),
    );
  }

  // The Stripe SDK (~1 MB of code) loads only where Stripe is configured: plans, quotas and groups'
  // allowances work without it.
  const stripeModule =
    env.STRIPE_SECRET_KEY || env.STRIPE_WEBHOOK_SECRET ? await import('./lib/stripe-client') : undefined;

  return {
    db: prisma,
    redis,
    bus,
    allowance,
    stripe: stripeModule?.createStripeClient(env),
    webhooks: stripeModule?.stripeWebhooks,
    verifier,
    consumers,
    async close() {
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      redis.disconnect();
      await prisma.$disconnect();
    },
  };
}
