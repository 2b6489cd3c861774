import { startTelemetry } from '@vivier/service-kit/telemetry';

// Tracing first: its instrumentations patch http, undici and ioredis as they load, so the rest
// is imported once it runs.
const telemetry = await startTelemetry('provider-worker');
const { serveService } = await import('@vivier/service-kit');
const { buildApp } = await import('./app');
const { createDeps } = await import('./deps');
const { workerEnvSchema } = await import('./env');
const { createWorkerMetrics } = await import('./lib/worker-metrics');
const { startWorker } = await import('./worker');

await serveService({
  name: 'provider-worker',
  telemetry,
  envSchema: workerEnvSchema,
  createDeps,
  // Its HTTP surface is only /health, /ready and /metrics; the work is the consumer loop.
  buildApp,
  start: ({ env, deps, logger, app }) =>
    startWorker({ env, deps, logger, metrics: createWorkerMetrics(app.metrics) }),
  // Draining may take the whole grace period; only a close stuck beyond it forces the exit.
  graceMs: (env) => env.SHUTDOWN_GRACE_MS + 10_000,
});
