import { serveTracedService } from '@vivier/service-kit/telemetry';

// The modules load once tracing has started (see serveTracedService).
await serveTracedService('provider-worker', async () => {
  const { createWorkerMetrics } = await import('./lib/worker-metrics');
  const { startWorker } = await import('./worker');
  return {
    envSchema: (await import('./env')).workerEnvSchema,
    createDeps: (await import('./deps')).createDeps,
    // Its HTTP surface is only /health, /ready and /metrics; the work is the consumer loop.
    buildApp: (await import('./app')).buildApp,
    start: ({ env, deps, logger, app }) =>
      startWorker({ env, deps, logger, metrics: createWorkerMetrics(app.metrics) }),
    // Draining may take the whole grace period; only a close stuck beyond it forces the exit.
    graceMs: (env) => env.SHUTDOWN_GRACE_MS + 10_000,
  };
});
