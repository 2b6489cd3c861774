import { serveTracedService } from '@vivier/service-kit/telemetry';

// The modules load once tracing has started (see serveTracedService).
await serveTracedService('admin-service', async () => ({
  envSchema: (await import('./env')).adminEnvSchema,
  createDeps: (await import('./deps')).createDeps,
  buildApp: (await import('./app')).buildApp,
}));
