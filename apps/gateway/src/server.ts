import { startTelemetry } from '@vivier/service-kit/telemetry';

// Tracing first: its instrumentations patch http, undici and ioredis as they load, so the rest
// is imported once it runs.
const telemetry = await startTelemetry('gateway');
const { serveService, serveMetrics } = await import('@vivier/service-kit');
const { gatewayEnvSchema } = await import('./env');
const { createDeps } = await import('./deps');
const { buildApp } = await import('./app');

await serveService({
  name: 'gateway',
  telemetry,
  envSchema: gatewayEnvSchema,
  createDeps,
  buildApp,
  // The public edge serves its metrics on a port of its own, which the internet never reaches.
  start: async ({ env, app }) => {
    const metrics = await serveMetrics(app.metrics, {
      port: env.METRICS_PORT,
      host: env.METRICS_HOST ?? env.HOST,
    });
    return { stop: () => metrics.close() };
  },
});
