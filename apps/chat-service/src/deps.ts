import { Redis } from 'ioredis';
import {
  createAllowanceStore,
  createBus,
  createGenerationStreams,
  createToolApprovals,
  type Bus,
  type GenerationStreams,
  type ToolApprovals,
} from '@vivier/bus';
import { createPrismaClient, providerSettingsLoaders, type ChatDb } from '@vivier/db';
import {
  invalidateOnProviderSettingsChange,
  providerRegistryFromEnv,
  type ProviderRegistry,
} from '@vivier/providers';
import type { ConnectionOptions } from 'bullmq';
import { createEmbedder, embeddingTargetFromEnv, type Embedder } from '@vivier/knowledge';
import type { Logger } from '@vivier/service-kit';
import { storageFromEnv, type FileStorage } from '@vivier/storage';
import type { ChatEnv } from './env';
import { createKnowledgeQueue, type KnowledgeQueue } from './services/knowledge-ingestion';
import { quotaGateFromEnv, type QuotaGate } from './services/quota-gate';

export interface ChatDeps {
  db: ChatDb;
  redis: Redis;
  bus: Bus;
  streams: GenerationStreams;
  /** Answers to tool calls that wait for the user's confirmation (the worker blocks on them). */
  approvals: ToolApprovals;
  registry: ProviderRegistry;
  quota: QuotaGate;
  /** Where uploaded files' bytes live (local disk or S3, from env). */
  storage: FileStorage;
  /** BullMQ opens its own connections from these options (blocking, maxRetriesPerRequest: null). */
  bullConnection: ConnectionOptions;
  knowledgeQueue: KnowledgeQueue;
  /** The knowledge embedding model; null: retrieval by full text only. */
  embedder: Embedder | null;
  /** Subscriber-only: pub/sub announcements (provider settings, revoked sessions). */
  subscriber: Redis;
  /** A new connection for one blocking reader: XREAD BLOCK must never hold the shared client. */
  connectReader(): Redis;
  close(): Promise<void>;
}

/** The composition root: every connection chat-service holds is opened (and closed) here. */
export function createDeps(env: ChatEnv, logger: Logger): ChatDeps {
  const prisma = createPrismaClient(env.DATABASE_URL);
  const redis = new Redis(env.REDIS_URL);
  // ioredis reconnects by itself; without a listener each failed attempt would print to stderr.
  const logRedisError = (error: Error) => logger.warn({ err: error }, 'redis connection error');
  redis.on('error', logRedisError);
  const readers = new Set<Redis>();
  const registry = providerRegistryFromEnv(env, {
    ...providerSettingsLoaders(prisma),
    logger: logger.child({ component: 'provider-registry' }),
  });
  // admin-service announces provider-setting changes; drop the cached rows at once (else the TTL does).
  const subscriber = redis.duplicate({ connectionName: 'chat-subscriber' });
  subscriber.on('error', logRedisError);
  invalidateOnProviderSettingsChange(subscriber, env.REDIS_PREFIX, registry, logger);

  const bullConnection: ConnectionOptions = { url: env.REDIS_URL, maxRetriesPerRequest: null };
  const knowledgeQueue = createKnowledgeQueue({
    connection: bullConnection,
    prefix: env.REDIS_PREFIX,
    attempts: env.KNOWLEDGE_INGEST_ATTEMPTS,
    backoffMs: env.KNOWLEDGE_INGEST_BACKOFF_MS,
  });

  return {
    db: prisma,
    redis,
    subscriber,
    bullConnection,
    knowledgeQueue,
    embedder: createEmbedder(registry, embeddingTargetFromEnv(env)),
    bus: createBus({ redis, prefix: env.REDIS_PREFIX, logger: logger.child({ component: 'bus' }) }),
    streams: createGenerationStreams({ redis, prefix: env.REDIS_PREFIX }),
    approvals: createToolApprovals({ redis, prefix: env.REDIS_PREFIX }),
    registry,
    quota: quotaGateFromEnv(env, logger, createAllowanceStore({ redis, prefix: env.REDIS_PREFIX })),
    storage: storageFromEnv(env),
    connectReader() {
      const reader = new Redis(env.REDIS_URL, { connectionName: 'chat-relay-reader' });
      reader.on('error', logRedisError);
      readers.add(reader);
      reader.once('end', () => readers.delete(reader));
      return reader;
    },
    async close() {
      await knowledgeQueue.close();
      for (const reader of readers) reader.disconnect();
      subscriber.disconnect();
      redis.disconnect();
      await prisma.$disconnect();
    },
  };
}
