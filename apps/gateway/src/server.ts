import { startTelemetry } from '@vivier/service-kit/telemetry';

// Tracing first: its instrumentations patch http, undici and ioredis as they load, so the rest
// is imported once it runs.
const telemetry = await startTelemetry('gateway');
const { Redis } = await import('ioredis');
const { loadEnvOrExit } = await import('@vivier/config');
const { createLogger, runService, serveMetrics } = await import('@vivier/service-kit');
const { gatewayEnvSchema } = await import('./env');
const { buildApp } = await import('./app');

const env = loadEnvOrExit(gatewayEnvSchema);
const logger = createLogger({ name: 'gateway', level: env.LOG_LEVEL });
// Every API request makes two small Redis calls (disabled users, rate limit): auto-pipelining
// sends the calls of requests that arrive in the same tick as one write.
const redis = new Redis(env.REDIS_URL, { enableAutoPipelining: true });
const app = await buildApp({ env, deps: { redis }, logger });
const metrics = await serveMetrics(app.metrics, {
  port: env.METRICS_PORT,
  host: env.METRICS_HOST ?? env.HOST,
});

await runService(app, {
  port: env.PORT,
  host: env.HOST,
  onShutdown: async () => {
    await metrics.close();
    redis.disconnect();
    await telemetry.stop();
  },
});
