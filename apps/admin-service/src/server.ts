import { loadEnvOrExit } from '@vivier/config';
import { createLogger, runService, startTelemetry } from '@vivier/service-kit';
import { adminEnvSchema } from './env';
import { createDeps } from './deps';
import { buildApp } from './app';

const env = loadEnvOrExit(adminEnvSchema);
const stopTelemetry = startTelemetry('admin-service', env.OTEL_EXPORTER_OTLP_ENDPOINT);
const logger = createLogger({ name: 'admin-service', level: env.LOG_LEVEL });
const deps = createDeps(env, logger);
const app = buildApp({ env, deps, logger });

await runService(app, {
  port: env.PORT,
  host: env.HOST,
  onShutdown: async () => {
    await deps.close();
    await stopTelemetry();
  },
});
