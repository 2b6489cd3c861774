import { parseEnv } from '@vivier/config';
import { createPrismaClient } from '@vivier/db';
import type { HostResolver } from '@vivier/providers';
import { createLogger } from '@vivier/service-kit';
import { startAuthStandIn } from '@vivier/service-fixtures/auth-service';
import {
  captureLogs,
  createTestTokens,
  testDatabaseUrl,
  serviceTestEnv,
  TEST_INTERNAL_TOKEN,
} from '@vivier/testkit';
import { adminEnvSchema } from './env';
import { createDeps } from './deps';
import { buildApp } from './app';

export { TEST_INTERNAL_TOKEN };

/**
 * admin-service as a test sees it: real Postgres (the run's fresh database), real Redis under a
 * unique prefix, auth-service played by its fixture over HTTP (@vivier/service-fixtures), tokens from the testkit's signer,
 * every log line captured. `db` is a full Prisma client for seeding other services' tables.
 */
export async function startTestAdminService(
  options: { env?: Record<string, string>; resolveHost?: HostResolver } = {},
) {
  const tokens = await createTestTokens();
  const auth = await startAuthStandIn(TEST_INTERNAL_TOKEN);
  const logs = captureLogs();
  const env = parseEnv(adminEnvSchema, {
    ...serviceTestEnv('admin'),
    AUTH_JWKS_URL: 'http://127.0.0.1:9/unused-jwks.json',
    AUTH_SERVICE_URL: auth.url,
    PROVIDER_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    EGRESS_PROBE_TIMEOUT_MS: '1500',
    ...options.env,
  });
  const logger = createLogger({ name: 'admin-service', level: env.LOG_LEVEL, stream: logs.stream });
  const deps = createDeps(env, logger, { resolveHost: options.resolveHost });
  const app = buildApp({ env, deps, logger, keySet: tokens.keySet });
  await app.ready();
  const db = createPrismaClient(testDatabaseUrl());

  /** An ADMIN known to the stand-in, with a token. */
  async function signedInAdmin() {
    const user = auth.addUser({ role: 'ADMIN', name: 'Admin' });
    return { user, token: await tokens.sign(user.id, { role: 'ADMIN' }) };
  }

  return {
    app,
    env,
    deps,
    db,
    auth,
    tokens,
    logs,
    signedInAdmin,
    async close() {
      await app.close();
      await deps.close();
      await auth.close();
      await db.$disconnect();
    },
  };
}

export type TestAdminService = Awaited<ReturnType<typeof startTestAdminService>>;
