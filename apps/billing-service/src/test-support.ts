import { randomBytes } from 'node:crypto';
import { parseEnv } from '@vivier/config';
import { newId } from '@vivier/contracts';
import { createPrismaClient, isUniqueViolation, seedDatabase, type PrismaClient } from '@vivier/db';
import { createLogger, createTokenVerifier } from '@vivier/service-kit';
import {
  captureLogs,
  createTestTokens,
  signStripeWebhook,
  startStripeStub,
  type StripeEventPayload,
  testDatabaseUrl,
  uniqueEmail,
  serviceTestEnv,
} from '@vivier/testkit';
import { billingEnvSchema } from './env';
import { createDeps, type CreateDepsOptions } from './deps';
import { buildApp } from './app';
import { stripeWebhooks } from './lib/stripe-client';

export { TEST_INTERNAL_TOKEN } from '@vivier/testkit';
export const TEST_WEBHOOK_SECRET = 'whsec_test_billing_0123456789';
const TEST_STRIPE_KEY = 'sk_test_billing_0123456789';

/** The demo plans exist in every database `npm start` seeds; test files may seed at the same time. */
async function seedPlans(prisma: PrismaClient): Promise<void> {
  try {
    await seedDatabase(prisma);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await seedDatabase(prisma);
  }
}

/**
 * billing-service as a test sees it: real Postgres (the run's fresh database, demo plans seeded),
 * real Redis under a unique prefix, the Stripe SDK talking to a local Stripe stub over HTTP,
 * access tokens from a test key, and every log line captured.
 */
export async function startTestBillingService(
  overrides: Record<string, string | undefined> = {},
  options: CreateDepsOptions = {},
) {
  const stripe = await startStripeStub({ apiKey: TEST_STRIPE_KEY });
  const tokens = await createTestTokens();
  const logs = captureLogs();
  const prisma = createPrismaClient(testDatabaseUrl());
  await seedPlans(prisma);

  const env = parseEnv(billingEnvSchema, {
    ...serviceTestEnv('billing'),
    LOG_LEVEL: 'debug',
    AUTH_JWKS_URL: 'http://127.0.0.1:9/unused-in-tests',
    STRIPE_SECRET_KEY: TEST_STRIPE_KEY,
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    STRIPE_API_URL: stripe.url,
    PUBLIC_URL: 'http://localhost:3000',
    ...overrides,
  });
  const logger = createLogger({ name: 'billing-service', level: env.LOG_LEVEL, stream: logs.stream });
  const verifier = createTokenVerifier({
    keySet: tokens.keySet,
    issuer: tokens.issuer,
    audience: tokens.audience,
  });
  const deps = await createDeps(env, logger, { verifier, ...options });
  const app = buildApp({ env, deps, logger });
  await app.ready();
  await Promise.all(deps.consumers.map((consumer) => consumer.ready));

  /** A real User row (Subscription and UsageEntry reference it) and an access token for it. */
  async function createUser() {
    const user = await prisma.user.create({
      data: { id: newId('user'), email: uniqueEmail('billing'), passwordHash: 'not-used-in-billing-tests' },
    });
    return { id: user.id, token: await tokens.sign(user.id) };
  }

  /** A paid plan of this test's own, so no two test files share its Stripe price. */
  function createPlan(
    data: { priceMonthlyCents?: number; allowanceMicros?: bigint; active?: boolean; name?: string } = {},
  ) {
    const slug = `test-${randomBytes(4).toString('hex')}`;
    return prisma.plan.create({
      data: {
        id: newId('plan'),
        slug,
        name: data.name ?? `Test ${slug}`,
        priceMonthlyCents: data.priceMonthlyCents ?? 1_500,
        allowanceMicros: data.allowanceMicros ?? 40_000_000n,
        active: data.active ?? true,
      },
    });
  }

  function request(method: 'GET' | 'POST', url: string, options: { token?: string; payload?: unknown } = {}) {
    return app.inject({
      method,
      url,
      payload: options.payload as object | undefined,
      headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    });
  }

  /** Signs `event` with the SDK's own test-header helper and POSTs it to the webhook. */
  function sendWebhook(event: StripeEventPayload, secret = TEST_WEBHOOK_SECRET) {
    const signed = signStripeWebhook({ webhooks: stripeWebhooks, secret, event });
    return app.inject({
      method: 'POST',
      url: '/api/billing/webhook',
      payload: signed.payload,
      headers: signed.headers,
    });
  }

  return {
    app,
    env,
    deps,
    prisma,
    stripe,
    tokens,
    logs,
    createUser,
    createPlan,
    request,
    sendWebhook,
    async close() {
      await app.close();
      await deps.close();
      await stripe.close();
      await prisma.$disconnect();
    },
  };
}

export type TestBillingService = Awaited<ReturnType<typeof startTestBillingService>>;
