import { loadEnvOrExit } from '@vivier/config';
import { createLogger, runService, startTelemetry } from '@vivier/service-kit';
import { buildApp } from './app';
import { createDeps } from './deps';
import { workerEnvSchema } from './env';
import { createWorkerMetrics } from './lib/worker-metrics';
import { startWorker } from './worker';

const env = loadEnvOrExit(workerEnvSchema);
const stopTelemetry = startTelemetry('provider-worker', env.OTEL_EXPORTER_OTLP_ENDPOINT);
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
    await stopTelemetry();
  },
});
