import { Redis } from 'ioredis';
import { createPrismaClient, type AdminDb } from '@vivier/db';
import {
  egressPolicyFromEnv,
  secretBoxFromEnv,
  type EgressPolicy,
  type HostResolver,
  type SecretBox,
} from '@vivier/providers';
import type { Logger } from '@vivier/service-kit';
import type { AdminEnv } from './env';
import { createAuthSignupClient, type AuthSignupClient } from './services/auth-signup-client';
import { createAuthIdentityClient, type AuthIdentityClient } from './services/auth-identity-client';
import { createAuthUsersClient, type AuthUsersClient } from './services/auth-users-client';
import { createBillingPlansClient, type BillingPlansClient } from './services/billing-plans-client';
import {
  createChatEnvProvidersClient,
  type ChatEnvProvidersClient,
} from './services/chat-env-providers-client';

export interface AdminDeps {
  db: AdminDb;
  redis: Redis;
  users: AuthUsersClient;
  signup: AuthSignupClient;
  identity: AuthIdentityClient;
  plans: BillingPlansClient;
  chat: ChatEnvProvidersClient;
  secretBox: SecretBox;
  egressPolicy: EgressPolicy;
  close(): Promise<void>;
}

export interface DepsOverrides {
  /** DNS for the egress guard (tests point public-looking names at local servers). */
  resolveHost?: HostResolver;
}

/** The composition root: every connection admin-service holds is opened (and closed) here. */
export function createDeps(env: AdminEnv, logger: Logger, overrides: DepsOverrides = {}): AdminDeps {
  const secretBox = secretBoxFromEnv(env);
  if (secretBox.isDevelopmentKey) {
    logger.warn(
      'PROVIDER_KEY_ENCRYPTION_KEY is not set: provider API keys are encrypted with the public development key. Set it (openssl rand -base64 32) before storing real keys.',
    );
  }
  const prisma = createPrismaClient(env.DATABASE_URL);
  const redis = new Redis(env.REDIS_URL);
  // ioredis reconnects by itself; without a listener each failed attempt would print to stderr.
  redis.on('error', (error: Error) => logger.warn({ err: error }, 'redis connection error'));

  return {
    db: prisma,
    redis,
    users: createAuthUsersClient({
      baseUrl: env.AUTH_SERVICE_URL,
      internalToken: env.INTERNAL_SERVICE_TOKEN,
      logger: logger.child({ component: 'auth-users-client' }),
    }),
    signup: createAuthSignupClient({
      baseUrl: env.AUTH_SERVICE_URL,
      internalToken: env.INTERNAL_SERVICE_TOKEN,
      logger: logger.child({ component: 'auth-signup-client' }),
    }),
    identity: createAuthIdentityClient({
      baseUrl: env.AUTH_SERVICE_URL,
      internalToken: env.INTERNAL_SERVICE_TOKEN,
      logger: logger.child({ component: 'auth-identity-client' }),
    }),
    plans: createBillingPlansClient({
      baseUrl: env.BILLING_SERVICE_URL,
      internalToken: env.INTERNAL_SERVICE_TOKEN,
      logger: logger.child({ component: 'billing-plans-client' }),
    }),
    chat: createChatEnvProvidersClient({
      baseUrl: env.CHAT_SERVICE_URL,
      internalToken: env.INTERNAL_SERVICE_TOKEN,
      logger: logger.child({ component: 'chat-env-providers-client' }),
    }),
    secretBox,
    egressPolicy: {
      ...egressPolicyFromEnv(env),
      ...(overrides.resolveHost ? { resolve: overrides.resolveHost } : {}),
    },
    async close() {
      redis.disconnect();
      await prisma.$disconnect();
    },
  };
}
