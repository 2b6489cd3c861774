import { serveService } from '@vivier/service-kit';
import { adminEnvSchema } from './env';
import { createDeps } from './deps';
import { buildApp } from './app';

await serveService({
  name: 'admin-service',
  envSchema: adminEnvSchema,
  createDeps: (env, logger) => createDeps(env, logger),
  buildApp,
});
