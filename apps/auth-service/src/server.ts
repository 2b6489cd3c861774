import { loadEnvOrExit } from '@vivier/config';
import { createLogger, runService, startTelemetry } from '@vivier/service-kit';
import { authEnvSchema } from './env';
import { createDeps } from './deps';
import { buildApp } from './app';

const env = loadEnvOrExit(authEnvSchema);
if (env.NODE_ENV === 'production' && !env.JWT_PRIVATE_KEY) {
  process.stderr.write('Invalid environment: JWT_PRIVATE_KEY (missing; required in production)\n');
  process.exit(1);
}
const stopTelemetry = startTelemetry('auth-service', env.OTEL_EXPORTER_OTLP_ENDPOINT);
const logger = createLogger({ name: 'auth-service', level: env.LOG_LEVEL });
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
