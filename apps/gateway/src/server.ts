import { serveTracedService } from '@vivier/service-kit/telemetry';

// The modules load once tracing has started (see serveTracedService).
await serveTracedService('gateway', async () => {
  const { serveMetrics } = await import('@vivier/service-kit');
  return {
    envSchema: (await import('./env')).gatewayEnvSchema,
    createDeps: (await import('./deps')).createDeps,
    buildApp: (await import('./app')).buildApp,
    // The public edge serves its metrics on a port of its own, which the internet never reaches.
    start: async ({ env, app }) => {
      const metrics = await serveMetrics(app.metrics, {
        port: env.METRICS_PORT,
        host: env.METRICS_HOST ?? env.HOST,
      });
      return { stop: () => metrics.close() };
    },
  };
});
