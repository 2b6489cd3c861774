import { serveService } from '@vivier/service-kit';
import { billingEnvSchema } from './env';
import { createDeps } from './deps';
import { buildApp } from './app';

await serveService({
  name: 'billing-service',
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
