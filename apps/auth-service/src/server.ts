import { startTelemetry } from '@vivier/service-kit/telemetry';

// Tracing first: its instrumentations patch http and ioredis as they load, so the rest is
// imported once it runs.
const telemetry = await startTelemetry('auth-service');
const { serveService } = await import('@vivier/service-kit');
const { authEnvSchema } = await import('./env');
const { createDeps } = await import('./deps');
const { buildApp } = await import('./app');

await serveService({
  name: 'auth-service',
  telemetry,
  envSchema: authEnvSchema,
  checkEnv: (env) => {
    if (env.NODE_ENV === 'production' && !env.JWT_PRIVATE_KEY) {
      process.stderr.write('Invalid environment: JWT_PRIVATE_KEY (missing; required in production)\n');
      process.exit(1);
    }
  },
  createDeps: (env, logger) => createDeps(env, logger),
  buildApp,
});
