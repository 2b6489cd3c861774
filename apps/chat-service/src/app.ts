import websocket from '@fastify/websocket';
import { newId } from '@vivier/contracts';
import {
  createDisabledUsers,
  createService,
  tokenVerifierFromEnv,
  type BuildAppInput,
  onAccessRevoked,
  readinessChecks,
  type Service,
} from '@vivier/service-kit';
import type { ChatEnv } from './env';
import type { ChatDeps } from './deps';
import { createMonotonicClock } from './lib/monotonic-clock';
import { createChatService } from './services/chat-service';
import { createFileService } from './services/file-service';
import { createFileSweeper } from './services/file-sweeper';
import { createFrameRelay } from './services/frame-relay';
import { createOpenSockets } from './services/open-sockets';
import { createGenerationReaper } from './services/generation-reaper';
import { createGenerationService } from './services/generation-service';
import { createMessageService } from './services/message-service';
import { createTransferService } from './services/transfer-service';
import { createAccountArchive } from './services/account-archive';
import { chatRoutes } from './routes/chats';
import { chatTransferRoutes } from './routes/chat-transfer';
import { fileRoutes } from './routes/files';
import { generationRoutes } from './routes/generations';
import { messageRoutes } from './routes/messages';
import { internalEnvProviderRoutes } from './routes/internal-env-providers';
import { modelRoutes } from './routes/models';
import { toolRoutes } from './routes/tools';
import { createToolService } from './services/tool-service';
import { websocketRoutes } from './routes/websocket';
import { openAiRoutes } from './routes/openai';
import { createOpenAiService } from './services/openai-service';
import { createShareService } from './services/share-service';
import { createForkService } from './services/fork-service';
import { publicShareRoutes, shareRoutes } from './routes/shares';
import { forkRoutes } from './routes/fork';
import { createPresetService } from './services/preset-service';
import { createFolderService } from './services/folder-service';
import { createTemporaryChatSweeper } from './services/temporary-chat-sweeper';
import { createPromptService } from './services/prompt-service';
import { presetRoutes } from './routes/presets';
import { folderRoutes } from './routes/folders';
import { promptRoutes } from './routes/prompts';
import { knowledgeRoutes } from './routes/knowledge';
import { createKnowledgeService } from './services/knowledge-service';
import { KNOWLEDGE_QUEUE, startIngestionWorker } from './services/knowledge-ingestion';
import { prepareVectorStore, type VectorMode } from '@vivier/knowledge';

const WS_MAX_PAYLOAD_BYTES = 64 * 1024;

export function buildApp({ env, deps, logger, keySet }: BuildAppInput<ChatEnv, ChatDeps>): Service {
  const verifier = tokenVerifierFromEnv(env, keySet);
  const app = createService({
    name: 'chat-service',
    logger,
    verifier,
    trustProxy: env.TRUST_PROXY,
    readiness: readinessChecks({ prisma: deps.db, redis: deps.redis }),
    readyDetails: () => ({ knowledgeVectors: vectorMode ?? 'detecting' }),
    backlog: { redis: deps.redis, streams: [], queues: { [KNOWLEDGE_QUEUE]: deps.knowledgeQueue.jobCounts } },
  });
  // Chosen at start-up and stated in /ready: pgvector when the server has it (see @vivier/knowledge).
  let vectorMode: VectorMode | undefined;
  const vectors = () => vectorMode?.mode ?? 'array';
  prepareVectorStore(deps.db, { allowPgvector: env.KNOWLEDGE_VECTORS === 'auto' }).then(
    (mode) => {
      vectorMode = mode;
      logger.info({ ...mode }, 'knowledge vector search mode');
    },
    (error: unknown) => logger.warn({ err: error }, 'could not prepare the knowledge vector store'),
  );

  // One clock for every message written: a /v1 request's history and its exchange interleave.
  const clock = createMonotonicClock();
  const generations = createGenerationService({
    db: deps.db,
    bus: deps.bus,
    streams: deps.streams,
    registry: deps.registry,
    quota: deps.quota,
    logger,
    clock,
    newId,
    ...(env.TEST_EXIT_AFTER_COMMIT && env.NODE_ENV !== 'production'
      ? { afterCommit: () => process.exit(86) }
      : {}),
  });
  const presets = createPresetService({ db: deps.db, logger, newId });
  const folders = createFolderService({ db: deps.db, generations, logger, newId });
  const chats = createChatService({
    db: deps.db,
    registry: deps.registry,
    generations,
    presets,
    folders,
    logger,
    newId,
  });
  const messages = createMessageService({ db: deps.db, chats, generations });
  const transfer = createTransferService({ db: deps.db, chats, registry: deps.registry, logger, newId });
  const files = createFileService({
    db: deps.db,
    storage: deps.storage,
    logger,
    newId,
    pdf: { maxPages: env.PDF_MAX_PAGES, timeoutMs: env.PDF_EXTRACT_TIMEOUT_MS },
  });
  const slowClient = {
    maxBufferedBytes: env.STREAM_MAX_BUFFERED_BYTES,
    graceMs: env.STREAM_SLOW_CLIENT_GRACE_MS,
  };
  const relay = createFrameRelay({
    streams: deps.streams,
    connectReader: () => deps.connectReader(),
    commands: deps.redis,
    endingFrames: (generationId) => generations.endingFrames(generationId),
    logger: logger.child({ component: 'frame-relay' }),
  });
  app.addHook('onClose', () => relay.close());
  const stopSweeping = createFileSweeper(
    { db: deps.db, storage: deps.storage, redis: deps.redis, redisPrefix: env.REDIS_PREFIX, logger },
    { unattachedTtlMs: env.FILE_UNATTACHED_TTL_HOURS * 3_600_000 },
  ).schedule(env.FILE_SWEEP_INTERVAL_MS);
  app.addHook('onClose', async () => stopSweeping());
  const stopSweepingTemporary = createTemporaryChatSweeper(
    { db: deps.db, generations, redis: deps.redis, redisPrefix: env.REDIS_PREFIX, logger },
    { ttlMs: env.TEMPORARY_CHAT_TTL_HOURS * 3_600_000 },
  ).schedule(env.TEMPORARY_CHAT_SWEEP_INTERVAL_MS);
  app.addHook('onClose', async () => stopSweepingTemporary());
  const stopReaping = createGenerationReaper(
    {
      db: deps.db,
      redis: deps.redis,
      bus: deps.bus,
      streams: deps.streams,
      redisPrefix: env.REDIS_PREFIX,
      logger,
    },
    {
      republishAfterMs: env.GENERATION_REPUBLISH_AFTER_MS,
      queuedTimeoutMs: env.GENERATION_QUEUED_TIMEOUT_MS,
    },
  ).schedule(env.GENERATION_REAP_INTERVAL_MS);
  app.addHook('onClose', async () => stopReaping());

  // Registered before the routes so it can take over upgrade requests.
  // No client tracking in `ws`: it costs a closure and a listener per socket, and routes/websocket.ts
  // keeps its own map of open sockets (and closes them on shutdown). Issue 11: memory per socket.
  void app.register(websocket, { options: { maxPayload: WS_MAX_PAYLOAD_BYTES, clientTracking: false } });
  void app.register(chatRoutes, { chats });
  void app.register(messageRoutes, { messages });
  void app.register(chatTransferRoutes, {
    transfer,
    archive: createAccountArchive({
      db: deps.db,
      storage: deps.storage,
      logger,
      idleTimeoutMs: env.EXPORT_IDLE_TIMEOUT_MS,
    }),
    importLimitBytes: env.IMPORT_LIMIT_BYTES,
  });
  const openSockets = createOpenSockets();
  onAccessRevoked(deps.subscriber, env.REDIS_PREFIX, (revoked) => {
    const closed = openSockets.revoke(revoked);
    if (closed > 0) logger.info({ closed }, 'closed the sockets and SSE streams of revoked sessions');
  }).catch((error: unknown) =>
    logger.warn({ err: error }, 'could not subscribe to revocations; sockets are checked per subscription'),
  );
  void app.register(generationRoutes, {
    generations,
    relay,
    slowClient,
    openSockets,
  });
  void app.register(modelRoutes, { registry: deps.registry });
  void app.register(internalEnvProviderRoutes, {
    registry: deps.registry,
    internalToken: env.INTERNAL_SERVICE_TOKEN,
  });
  void app.register(toolRoutes, {
    tools: createToolService({
      db: deps.db,
      approvals: deps.approvals,
      generations,
      logger,
      ...(env.DEMO_MCP_URL
        ? { demo: { url: env.DEMO_MCP_URL, connectTimeoutMs: env.MCP_CONNECT_TIMEOUT_MS } }
        : {}),
    }),
  });
  const shares = createShareService({ db: deps.db, chats, logger, publicUrl: env.PUBLIC_URL });
  void app.register(shareRoutes, { shares });
  void app.register(publicShareRoutes, { shares });
  void app.register(presetRoutes, { presets });
  void app.register(folderRoutes, { folders });
  void app.register(promptRoutes, { prompts: createPromptService({ db: deps.db, logger, newId }) });
  void app.register(forkRoutes, { forks: createForkService({ db: deps.db, logger, newId }) });
  const openai = createOpenAiService({
    db: deps.db,
    registry: deps.registry,
    generations,
    relay,
    logger,
    clock,
    newId,
  });
  void app.register(openAiRoutes, { openai });
  void app.register(fileRoutes, { files, uploadLimitBytes: env.UPLOAD_LIMIT_BYTES });
  const knowledge = createKnowledgeService({
    db: deps.db,
    queue: deps.knowledgeQueue,
    embedder: deps.embedder,
    vectors,
    logger,
    newId,
  });
  void app.register(knowledgeRoutes, { knowledge });
  const ingestion = startIngestionWorker({
    connection: deps.bullConnection,
    prefix: env.REDIS_PREFIX,
    concurrency: env.KNOWLEDGE_INGEST_CONCURRENCY,
    db: deps.db,
    storage: deps.storage,
    embedder: deps.embedder,
    embedTimeoutMs: env.KNOWLEDGE_EMBED_TIMEOUT_MS,
    queue: deps.knowledgeQueue,
    vectors,
    logger,
  });
  app.addHook('onClose', () => ingestion.close());
  void app.register(websocketRoutes, {
    session: {
      verifier,
      access: createDisabledUsers(deps.redis, env.REDIS_PREFIX),
      openSockets,
      relay,
      generations,
      logger,
      authTimeoutMs: env.WS_AUTH_TIMEOUT_MS,
      slowClient,
    },
  });
  return app;
}
