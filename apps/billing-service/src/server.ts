import { serveTracedService } from '@vivier/service-kit/telemetry';

// The modules load once tracing has started (see serveTracedService).
await serveTracedService('billing-service', async () => ({
  envSchema: (await import('./env')).billingEnvSchema,
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
  createDeps: (await import('./deps')).createDeps,
  buildApp: (await import('./app')).buildApp,
}));
