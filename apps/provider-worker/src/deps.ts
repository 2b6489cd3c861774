import { Redis } from 'ioredis';
import type { ConnectionOptions } from 'bullmq';
import {
  createBus,
  createGenerationStreams,
  createToolApprovals,
  type Bus,
  type GenerationStreams,
  type ToolApprovals,
} from '@vivier/bus';
import { createPrismaClient, providerSettingsLoaders, readProviderSettings, type ChatDb } from '@vivier/db';
import {
  egressPolicyFromEnv,
  guardedFetch,
  invalidateOnProviderSettingsChange,
  preloadProviderModules,
  providerRegistryFromEnv,
  providersFromEnv,
  secretBoxFromEnv,
  type ProviderRegistry,
} from '@vivier/providers';
import type { Logger } from '@vivier/service-kit';
import { storageFromEnv } from '@vivier/storage';
import type { WorkerEnv } from './env';
import { createTitleQueue, type TitleQueue } from './jobs/title-chat';
import type { AttachmentSource } from './lib/file-attachments';
import { createToolSource, type ToolSource } from './lib/tool-source';
import type { KnowledgeSource } from './lib/knowledge-context';
import { cachedVectorMode, createEmbedder, embeddingTargetFromEnv } from '@vivier/knowledge';

export interface WorkerDeps {
  db: ChatDb;
  /** Commands only (XADD, PUBLISH, EXISTS); blocking reads and subscriptions get their own connections. */
  redis: Redis;
  /** Subscriber-only connection for cancel requests (and provider-setting change notices). */
  cancelSubscriber: Redis;
  /** BullMQ opens its own connections from these options (blocking, maxRetriesPerRequest: null). */
  bullConnection: ConnectionOptions;
  bus: Bus;
  streams: GenerationStreams;
  providers: ProviderRegistry;
  titles: TitleQueue;
  /** Attached files for prompts: the File rows, their bytes (local disk or S3), the inline limit. */
  attachments: AttachmentSource;
  /** The chats' tools (MCP servers, web search), every URL through the egress guard. */
  tools: ToolSource;
  approvals: ToolApprovals;
  /** Knowledge bases a chat names: the index and the model that embeds questions. */
  knowledge: KnowledgeSource;
  close(): Promise<void>;
}

/** The composition root: every connection provider-worker holds is opened (and closed) here. */
export function createDeps(env: WorkerEnv, logger: Logger): WorkerDeps {
  const prisma = createPrismaClient(env.DATABASE_URL);
  // Auto-pipelining: the deltas that hundreds of generations append in one tick go out as one
  // write instead of one system call each (every delta is still sent in the tick it arrived).
  const redis = new Redis(env.REDIS_URL, {
    connectionName: `provider-worker:${env.WORKER_NAME}`,
    enableAutoPipelining: true,
  });
  const approvals = createToolApprovals({
    redis,
    prefix: env.REDIS_PREFIX,
    logger: logger.child({ component: 'tool-approvals' }),
  });
  const cancelSubscriber = redis.duplicate({
    connectionName: `provider-worker:${env.WORKER_NAME}:cancel`,
    enableAutoPipelining: false,
  });
  const bullConnection: ConnectionOptions = { url: env.REDIS_URL, maxRetriesPerRequest: null };
  const titles = createTitleQueue({ connection: bullConnection, prefix: env.REDIS_PREFIX });
  const providers = providerRegistryFromEnv(env, {
    ...providerSettingsLoaders(prisma),
    logger: logger.child({ component: 'provider-registry' }),
  });
  // Vendor SDKs load on a provider's first call; load the configured ones now, so that no user's
  // first answer waits for them.
  readProviderSettings(prisma)
    .then((rows) => preloadProviderModules([...providersFromEnv(env), ...rows].map((row) => row.kind)))
    .catch((error: unknown) =>
      logger.warn({ err: error }, "could not preload the providers' modules; the first answer loads them"),
    );
  // admin-service announces provider-setting changes; drop the cached rows at once (else the TTL
  // does). The cancel subscriber listens on this channel too: each listener filters its own.
  invalidateOnProviderSettingsChange(cancelSubscriber, env.REDIS_PREFIX, providers, logger);

  return {
    db: prisma,
    redis,
    cancelSubscriber,
    bullConnection,
    bus: createBus({ redis, prefix: env.REDIS_PREFIX, logger: logger.child({ component: 'bus' }) }),
    streams: createGenerationStreams({ redis, prefix: env.REDIS_PREFIX }),
    providers,
    titles,
    attachments: {
      db: prisma,
      storage: storageFromEnv(env),
      logger: logger.child({ component: 'attachments' }),
      inlineLimitChars: env.FILE_INLINE_LIMIT_CHARS,
    },
    tools: createToolSource({
      db: prisma,
      secretBox: secretBoxFromEnv(env),
      fetch: guardedFetch(egressPolicyFromEnv(env)),
      limits: {
        allowStdio: env.MCP_ALLOW_STDIO,
        connectTimeoutMs: env.MCP_CONNECT_TIMEOUT_MS,
        callTimeoutMs: env.TOOL_CALL_TIMEOUT_MS,
        maxOutputChars: env.TOOL_OUTPUT_MAX_CHARS,
        maxRounds: env.TOOL_MAX_ROUNDS,
        approvalTimeoutMs: env.TOOL_APPROVAL_TIMEOUT_MS,
      },
      demoMcpUrl: env.DEMO_MCP_URL,
    }),
    approvals,
    knowledge: {
      db: prisma,
      embedder: createEmbedder(providers, embeddingTargetFromEnv(env)),
      vectors: cachedVectorMode(prisma, { allowPgvector: env.KNOWLEDGE_VECTORS === 'auto' }),
      logger: logger.child({ component: 'knowledge' }),
    },
    async close() {
      await titles.close();
      cancelSubscriber.disconnect();
      approvals.close();
      await redis.quit().catch(() => redis.disconnect());
      await prisma.$disconnect();
    },
  };
}
