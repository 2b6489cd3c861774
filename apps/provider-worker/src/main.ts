import { startTelemetry } from '@vivier/service-kit/telemetry';

// Tracing first: its instrumentations patch http, undici and ioredis as they load, so the rest
// is imported once it runs.
const telemetry = await startTelemetry('provider-worker');
const { loadEnvOrExit } = await import('@vivier/config');
const { createLogger, runService } = await import('@vivier/service-kit');
const { buildApp } = await import('./app');
const { createDeps } = await import('./deps');
const { workerEnvSchema } = await import('./env');
const { createWorkerMetrics } = await import('./lib/worker-metrics');
const { startWorker } = await import('./worker');

const env = loadEnvOrExit(workerEnvSchema);
const logger = createLogger({ name: 'provider-worker', level: env.LOG_LEVEL });
const deps = createDeps(env, logger);
const app = buildApp({ deps, logger });
const worker = await startWorker({ env, deps, logger, metrics: createWorkerMetrics(app.metrics) });

await runService(app, {
  port: env.PORT,
  host: env.HOST,
  // Draining may take the whole grace period; only a close stuck beyond it forces the exit.
  graceMs: env.SHUTDOWN_GRACE_MS + 10_000,
  onShutdown: async () => {
    await worker.stop();
    await deps.close();
    await telemetry.stop();
  },
});
