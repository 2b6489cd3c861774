import { startTelemetry } from '@vivier/service-kit/telemetry';

// Tracing first: its instrumentations patch http and ioredis as they load, so the rest is
// imported once it runs.
const telemetry = await startTelemetry('billing-service');
const { serveService } = await import('@vivier/service-kit');
const { billingEnvSchema } = await import('./env');
const { createDeps } = await import('./deps');
const { buildApp } = await import('./app');

await serveService({
  name: 'billing-service',
  telemetry,
  envSchema: billingEnvSchema,
  checkEnv: (env, logger) => {
    if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) {
      logger.warn(
        {
          stripeSecretKey: Boolean(env.STRIPE_SECRET_KEY),
          stripeWebhookSecret: Boolean(env.STRIPE_WEBHOOK_SECRET),
        },
        'Stripe is not fully configured: checkout, portal or webhook answer 503 (plans, usage and quotas work)',
      );
    }
  },
  createDeps: (env, logger) => createDeps(env, logger),
  buildApp,
});
