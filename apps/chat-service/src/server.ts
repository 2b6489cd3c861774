import { serveTracedService } from '@vivier/service-kit/telemetry';

// The modules load once tracing has started (see serveTracedService).
await serveTracedService('chat-service', async () => ({
  envSchema: (await import('./env')).chatEnvSchema,
  createDeps: (await import('./deps')).createDeps,
  buildApp: (await import('./app')).buildApp,
}));
