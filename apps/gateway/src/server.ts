import { Redis } from 'ioredis';
import { loadEnvOrExit } from '@vivier/config';
import { createLogger, runService, startTelemetry } from '@vivier/service-kit';
import { gatewayEnvSchema } from './env';
import { buildApp } from './app';

const env = loadEnvOrExit(gatewayEnvSchema);
const stopTelemetry = startTelemetry('gateway', env.OTEL_EXPORTER_OTLP_ENDPOINT);
const logger = createLogger({ name: 'gateway', level: env.LOG_LEVEL });
const redis = new Redis(env.REDIS_URL);
const app = await buildApp({ env, deps: { redis }, logger });

await runService(app, {
  port: env.PORT,
  host: env.HOST,
  onShutdown: async () => {
    redis.disconnect();
    await stopTelemetry();
  },
});
