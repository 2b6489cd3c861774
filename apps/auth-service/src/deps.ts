import { Redis } from 'ioredis';
import { createPrismaClient, type AuthDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import type { AuthEnv } from './env';
import { loadSigningKey, readOrCreateDevelopmentKey, type SigningKey } from './lib/signing-keys';
import { createEmailQueue, startEmailWorker, type EmailQueue } from './services/email-service';

export interface AuthDeps {
  db: AuthDb;
  redis: Redis;
  signingKey: SigningKey;
  emails: EmailQueue;
  close(): Promise<void>;
}

/** The composition root: every connection auth-service holds is opened (and closed) here. */
export async function createDeps(
  env: AuthEnv,
  logger: Logger,
  options: { runEmailWorker?: boolean } = {},
): Promise<AuthDeps> {
  const pem = env.JWT_PRIVATE_KEY ?? readOrCreateDevelopmentKey(env.JWT_KEY_DIR);
  const signingKey = await loadSigningKey(pem);
  const prisma = createPrismaClient(env.DATABASE_URL);
  const redis = new Redis(env.REDIS_URL, { lazyConnect: false });
  // BullMQ workers block on their connection and require maxRetriesPerRequest: null.
  const bullConnection = { url: env.REDIS_URL, maxRetriesPerRequest: null };
  const emails = createEmailQueue({ connection: bullConnection, prefix: env.REDIS_PREFIX });
  const worker =
    options.runEmailWorker === false
      ? undefined
      : startEmailWorker({
          connection: bullConnection,
          prefix: env.REDIS_PREFIX,
          smtpUrl: env.SMTP_URL,
          from: env.MAIL_FROM,
          publicUrl: env.PUBLIC_URL,
          logger: logger.child({ component: 'email-worker' }),
        });

  return {
    db: prisma,
    redis,
    signingKey,
    emails,
    async close() {
      await worker?.close();
      await emails.close();
      redis.disconnect();
      await prisma.$disconnect();
    },
  };
}
