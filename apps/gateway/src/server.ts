import { Redis } from 'ioredis';
import { loadEnvOrExit } from '@vivier/config';
import { createLogger, runService, startTelemetry } from '@vivier/service-kit';
import { gatewayEnvSchema } from './env';
import { buildApp } from './app';

const env = loadEnvOrExit(gatewayEnvSchema);
const stopTelemetry = startTelemetry('gateway', env.OTEL_EXPORTER_OTLP_ENDPOINT);
const logger = createLogger({ name: 'gateway', level: env.LOG_LEVEL });
// Every API request makes two small Redis calls (disabled users, rate limit): auto-pipelining
// sends the calls of requests that arrive in the same tick as one write.
const redis = new Redis(env.REDIS_URL, { enableAutoPipelining: true });
const app = await buildApp({ env, deps: { redis }, logger });

await runService(app, {
  port: env.PORT,
  host: env.HOST,
  onShutdown: async () => {
    redis.disconnect();
    await stopTelemetry();
  },
});
