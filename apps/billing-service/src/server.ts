import { loadEnvOrExit } from '@vivier/config';
import { createLogger, runService, startTelemetry } from '@vivier/service-kit';
import { billingEnvSchema } from './env';
import { createDeps } from './deps';
import { buildApp } from './app';

const env = loadEnvOrExit(billingEnvSchema);
const stopTelemetry = startTelemetry('billing-service', env.OTEL_EXPORTER_OTLP_ENDPOINT);
const logger = createLogger({ name: 'billing-service', level: env.LOG_LEVEL });
if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) {
  logger.warn(
    {
      stripeSecretKey: Boolean(env.STRIPE_SECRET_KEY),
      stripeWebhookSecret: Boolean(env.STRIPE_WEBHOOK_SECRET),
    },
    'Stripe is not fully configured: checkout, portal or webhook answer 503 (plans, usage and quotas work)',
  );
}
const deps = await createDeps(env, logger);
const app = buildApp({ env, deps, logger });

await runService(app, {
  port: env.PORT,
  host: env.HOST,
  onShutdown: async () => {
    await deps.close();
    await stopTelemetry();
  },
});
