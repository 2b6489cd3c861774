import { startTelemetry } from '@vivier/service-kit/telemetry';

// Tracing first: its instrumentations patch http and ioredis as they load, so the rest is
// imported once it runs.
const telemetry = await startTelemetry('chat-service');
const { serveService } = await import('@vivier/service-kit');
const { chatEnvSchema } = await import('./env');
const { createDeps } = await import('./deps');
const { buildApp } = await import('./app');

await serveService({
  name: 'chat-service',
  telemetry,
  envSchema: chatEnvSchema,
  createDeps: (env, logger) => createDeps(env, logger),
  buildApp,
});
