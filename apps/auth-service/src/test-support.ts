import { captureLogs, startSmtpSink, serviceTestEnv } from '@vivier/testkit';
import { createLogger } from '@vivier/service-kit';
import { parseEnv } from '@vivier/config';
import { authEnvSchema } from './env';
import { createDeps } from './deps';
import { buildApp } from './app';

/**
 * auth-service as a test sees it: real Postgres (the run's fresh database), real Redis under a
 * unique prefix, a real SMTP sink, and every log line captured.
 */
export async function startTestAuthService(overrides: Record<string, string> = {}) {
  const smtp = await startSmtpSink();
  const logs = captureLogs();
  const env = parseEnv(authEnvSchema, {
    ...serviceTestEnv('auth'),
    JWT_KEY_DIR: '.vivier/test-keys',
    SMTP_URL: smtp.url,
    PUBLIC_URL: 'http://localhost:3000',
    // The run's database is shared by every test file and holds no admin: off unless a test asks.
    FIRST_USER_BECOMES_ADMIN: 'false',
    ...overrides,
  });
  const logger = createLogger({ name: 'auth-service', level: env.LOG_LEVEL, stream: logs.stream });
  const deps = await createDeps(env, logger);
  const app = buildApp({ env, deps, logger });
  await app.ready();
  return {
    app,
    env,
    deps,
    smtp,
    logs,
    async close() {
      await app.close();
      await deps.close();
      await smtp.close();
    },
  };
}
