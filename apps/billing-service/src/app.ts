import { busStreamNames } from '@vivier/contracts';
import { createService, readinessChecks, type Logger, type Service } from '@vivier/service-kit';
import type { BillingEnv } from './env';
import type { BillingDeps } from './deps';
import { createAccountService } from './services/account-service';
import { createCheckoutService } from './services/checkout-service';
import { createPlanAdminService } from './services/plan-admin-service';
import { createPlanService } from './services/plan-service';
import { createStripeWebhookService } from './services/stripe-webhook-service';
import { createSubscriptionService } from './services/subscription-service';
import { createUsageService } from './services/usage-service';
import { checkoutRoutes } from './routes/checkout';
import { internalPlanRoutes } from './routes/internal-plans';
import { internalQuotaRoutes } from './routes/internal-quota';
import { planRoutes } from './routes/plans';
import { subscriptionRoutes } from './routes/subscription';
import { usageRoutes } from './routes/usage';
import { webhookRoutes } from './routes/webhook';

export function buildApp({
  env,
  deps,
  logger,
}: {
  env: BillingEnv;
  deps: BillingDeps;
  logger: Logger;
}): Service {
  const app = createService({
    name: 'billing-service',
    logger,
    verifier: deps.verifier,
    readiness: readinessChecks({ prisma: deps.db, redis: deps.redis }),
    backlog: {
      redis: deps.redis,
      streams: [
        {
          stream: deps.bus.streamKey(busStreamNames.events),
          deadLetterStream: deps.bus.streamKey(`${busStreamNames.events}:dead`),
        },
      ],
    },
  });

  const plans = createPlanService({ db: deps.db });
  const accounts = createAccountService({ db: deps.db });
  const usage = createUsageService({
    db: deps.db,
    accounts,
    hot: {
      store: deps.allowance,
      reserveFloorMicros: env.QUOTA_RESERVE_FLOOR_MICROS,
      ttlMs: env.QUOTA_HOT_TTL_MS,
      logger: logger.child({ component: 'hot-allowance' }),
    },
  });

  void app.register(planRoutes, { plans });
  void app.register(subscriptionRoutes, { subscriptions: createSubscriptionService({ accounts, usage }) });
  void app.register(checkoutRoutes, {
    checkout: createCheckoutService({ db: deps.db, stripe: deps.stripe, publicUrl: env.PUBLIC_URL, logger }),
  });
  void app.register(usageRoutes, { usage });
  void app.register(webhookRoutes, {
    webhooks: createStripeWebhookService({
      db: deps.db,
      webhooks: deps.webhooks,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      logger,
    }),
  });
  void app.register(internalQuotaRoutes, { usage, internalToken: env.INTERNAL_SERVICE_TOKEN });
  void app.register(internalPlanRoutes, {
    plans: createPlanAdminService({ db: deps.db }),
    internalToken: env.INTERNAL_SERVICE_TOKEN,
  });
  return app;
}
