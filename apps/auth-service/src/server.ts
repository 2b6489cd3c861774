import { serveTracedService } from '@vivier/service-kit/telemetry';

// The modules load once tracing has started (see serveTracedService).
await serveTracedService('auth-service', async () => ({
  envSchema: (await import('./env')).authEnvSchema,
  checkEnv: (env) => {
    if (env.NODE_ENV === 'production' && !env.JWT_PRIVATE_KEY) {
      process.stderr.write('Invalid environment: JWT_PRIVATE_KEY (missing; required in production)\n');
      process.exit(1);
    }
  },
  createDeps: (await import('./deps')).createDeps,
  buildApp: (await import('./app')).buildApp,
}));
