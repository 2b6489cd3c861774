import { serveService } from '@vivier/service-kit';
import { chatEnvSchema } from './env';
import { createDeps } from './deps';
import { buildApp } from './app';

await serveService({
  name: 'chat-service',
  envSchema: chatEnvSchema,
  createDeps: (env, logger) => createDeps(env, logger),
  buildApp,
});
