import { serveService } from '@vivier/service-kit';
import { authEnvSchema } from './env';
import { createDeps } from './deps';
import { buildApp } from './app';

await serveService({
  name: 'auth-service',
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
