import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createBus, createGenerationStreams, makeEvent, type Bus, type GenerationStreams } from '@vivier/bus';
import { parseEnv } from '@vivier/config';
import { newId, busStreamNames, type BusEvent, type ChatSettings, type StreamFrame } from '@vivier/contracts';
import { createPrismaClient, type PrismaClient } from '@vivier/db';
import { createLogger } from '@vivier/service-kit';
import {
  captureLogs,
  eventually,
  testDatabaseUrl,
  testRedisUrl,
  uniqueEmail,
  uniqueRedisPrefix,
  type FakeLlm,
} from '@vivier/testkit';
import { buildApp } from './app';
import { createDeps } from './deps';
import { workerEnvSchema } from './env';
import { createWorkerMetrics } from './lib/worker-metrics';
import { GENERATION_GROUP, startWorker } from './worker';

/**
 * provider-worker as a test sees it: real Postgres (the run's fresh database), real Redis under
 * the given prefix, the fake LLM over HTTP as the OpenAI-compatible provider (model `fake`), and
 * every log line captured.
 */
export async function startTestWorker(options: {
  prefix: string;
  fake: FakeLlm;
  env?: Record<string, string>;
}) {
  const logs = captureLogs();
  const env = parseEnv(workerEnvSchema, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: options.prefix,
    OPENAI_COMPATIBLE_BASE_URL: options.fake.openaiBaseUrl,
    GENERATION_CLAIM_IDLE_MS: '500',
    SHUTDOWN_GRACE_MS: '5000',
    WORKER_NAME: `test-worker-${randomBytes(3).toString('hex')}`,
    ...options.env,
  });
  const logger = createLogger({ name: 'provider-worker', level: env.LOG_LEVEL, stream: logs.stream });
  const deps = createDeps(env, logger);
  const app = buildApp({ deps, logger });
  const metrics = createWorkerMetrics(app.metrics);
  await app.ready();
  const worker = await startWorker({ env, deps, logger, metrics });
  let closing: Promise<void> | undefined;
  return {
    env,
    deps,
    app,
    worker,
    logs,
    /** Graceful stop (drain within SHUTDOWN_GRACE_MS), then every connection closed. */
    close: () =>
      (closing ??= (async () => {
        await worker.stop();
        await app.close();
        await deps.close();
      })()),
  };
}
export type TestWorker = Awaited<ReturnType<typeof startTestWorker>>;

/**
 * Plays chat-service: writes the rows it would write (user, chat, user message, empty assistant
 * message, queued generation) and publishes `generation.requested`, and reads back what the
 * worker produced (frames, rows, bus events).
 */
export function createChatServiceStandIn(options: { prefix?: string } = {}) {
  const prefix = options.prefix ?? uniqueRedisPrefix('worker');
  const prisma: PrismaClient = createPrismaClient(testDatabaseUrl());
  const redis = new Redis(testRedisUrl());
  const bus: Bus = createBus({ redis, prefix });
  const streams: GenerationStreams = createGenerationStreams({ redis, prefix });

  async function createUser() {
    return prisma.user.create({
      data: { id: newId('user'), email: uniqueEmail('worker'), passwordHash: 'not-a-real-hash' },
    });
  }

  async function createChat(
    chat: {
      userId?: string;
      title?: string;
      model?: string;
      provider?: string;
      settings?: ChatSettings;
      fallbackModel?: string;
    } = {},
  ) {
    const userId = chat.userId ?? (await createUser()).id;
    return prisma.chat.create({
      data: {
        id: newId('chat'),
        userId,
        title: chat.title ?? 'Test chat',
        provider: chat.provider ?? 'openai-compatible',
        model: chat.model ?? 'fake',
        settings: chat.settings ?? {},
        fallbackModel: chat.fallbackModel ?? null,
      },
    });
  }

  /** Step 1 of the lifecycle without the publish: the rows of one exchange, in one transaction. */
  async function createExchange(
    chat: { id: string; userId: string; provider: string; model: string },
    content: string,
    parentId: string | null = null,
  ) {
    const userMessageId = newId('message');
    const assistantMessageId = newId('message');
    const generationId = newId('generation');
    await prisma.$transaction([
      prisma.message.create({
        data: { id: userMessageId, chatId: chat.id, parentId, role: 'user', content, status: 'complete' },
      }),
      prisma.message.create({
        data: {
          id: assistantMessageId,
          chatId: chat.id,
          parentId: userMessageId,
          role: 'assistant',
          content: '',
          status: 'streaming',
          provider: chat.provider,
          model: chat.model,
        },
      }),
      prisma.generation.create({
        data: {
          id: generationId,
          chatId: chat.id,
          userId: chat.userId,
          userMessageId,
          assistantMessageId,
          provider: chat.provider,
          model: chat.model,
          status: 'queued',
        },
      }),
    ]);
    return { chatId: chat.id, userId: chat.userId, userMessageId, assistantMessageId, generationId };
  }
  type Exchange = Awaited<ReturnType<typeof createExchange>>;

  function publishRequest(exchange: Exchange): Promise<string> {
    return bus.publish(
      busStreamNames.generationRequests,
      makeEvent(
        'generation.requested',
        {
          generationId: exchange.generationId,
          chatId: exchange.chatId,
          userId: exchange.userId,
          assistantMessageId: exchange.assistantMessageId,
        },
        { requestId: newId('request') },
      ),
    );
  }

  async function postMessage(content: string, chatOptions: Parameters<typeof createChat>[0] = {}) {
    const chat = await createChat(chatOptions);
    const exchange = await createExchange(chat, content);
    const entryId = await publishRequest(exchange);
    return { ...exchange, chat, entryId };
  }

  async function frames(generationId: string): Promise<StreamFrame[]> {
    return streams.range(generationId, undefined, 100_000);
  }

  /** Every frame, once the terminal one is there. */
  async function waitForEnd(generationId: string, timeoutMs = 10_000): Promise<StreamFrame[]> {
    return eventually(async () => {
      const all = await frames(generationId);
      return ['done', 'error', 'cancelled'].includes(all.at(-1)?.type ?? '') ? all : undefined;
    }, timeoutMs);
  }

  async function busEvents(stream: string): Promise<BusEvent[]> {
    const entries = await redis.xrange(prefix + stream, '-', '+');
    return entries.map(([, fields]) => JSON.parse(fields[fields.indexOf('event') + 1] ?? '{}') as BusEvent);
  }

  async function usageEventsFor(generationId: string) {
    return (await busEvents(busStreamNames.events)).filter(
      (event) => event.type === 'usage.recorded' && event.data.generationId === generationId,
    );
  }

  /** Resolves once the group has read up to `entryId` and holds nothing pending (all acked). */
  async function waitForAcked(entryId: string, timeoutMs = 10_000): Promise<void> {
    await eventually(async () => {
      const groups = (await redis.xinfo('GROUPS', prefix + busStreamNames.generationRequests)) as unknown[][];
      for (const group of groups) {
        const fields = new Map<string, unknown>();
        for (let index = 0; index + 1 < group.length; index += 2)
          fields.set(String(group[index]), group[index + 1]);
        if (fields.get('name') !== GENERATION_GROUP) continue;
        const lastDelivered = String(fields.get('last-delivered-id'));
        if (compareIds(lastDelivered, entryId) >= 0 && Number(fields.get('pending')) === 0) return true;
      }
      return false;
    }, timeoutMs);
  }

  async function pendingCount(): Promise<number> {
    const reply = (await redis.xpending(prefix + busStreamNames.generationRequests, GENERATION_GROUP)) as [
      number,
    ];
    return reply[0];
  }

  function loadGeneration(generationId: string) {
    return prisma.generation.findUniqueOrThrow({
      where: { id: generationId },
      include: { assistantMessage: true },
    });
  }

  async function cleanup() {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  return {
    prefix,
    prisma,
    redis,
    bus,
    streams,
    createUser,
    createChat,
    createExchange,
    publishRequest,
    postMessage,
    frames,
    waitForEnd,
    busEvents,
    usageEventsFor,
    waitForAcked,
    pendingCount,
    loadGeneration,
    async close() {
      await cleanup();
      redis.disconnect();
      await prisma.$disconnect();
    },
  };
}
export type ChatServiceStandIn = ReturnType<typeof createChatServiceStandIn>;

function compareIds(left: string, right: string): number {
  const [leftMs = 0n, leftSeq = 0n] = left.split('-').map((part) => BigInt(part));
  const [rightMs = 0n, rightSeq = 0n] = right.split('-').map((part) => BigInt(part));
  if (leftMs !== rightMs) return leftMs < rightMs ? -1 : 1;
  return leftSeq === rightSeq ? 0 : leftSeq < rightSeq ? -1 : 1;
}

/** The answer a client ends up showing: the deltas after the last `reset`, joined. */
export function visibleText(frames: StreamFrame[]): string {
  let text = '';
  for (const frame of frames) {
    if (frame.type === 'reset') text = '';
    if (frame.type === 'delta') text += frame.text;
  }
  return text;
}

/**
 * A consumer of the group that reads one entry and then "dies": never acks, never heartbeats, as a
 * worker killed mid-generation leaves it. Optionally streams a few deltas first, as that worker would have.
 */
export async function readAndAbandon(
  standIn: ChatServiceStandIn,
  options: { partialDeltas?: string[]; generationId?: string } = {},
): Promise<void> {
  const key = standIn.prefix + busStreamNames.generationRequests;
  await standIn.redis.xgroup('CREATE', key, GENERATION_GROUP, '0', 'MKSTREAM').catch((error: Error) => {
    if (!error.message.startsWith('BUSYGROUP')) throw error;
  });
  const reply = await standIn.redis.xreadgroup(
    'GROUP',
    GENERATION_GROUP,
    'dead-worker',
    'COUNT',
    1,
    'STREAMS',
    key,
    '>',
  );
  if (!reply) throw new Error('nothing to read for the dead worker');
  if (options.generationId) {
    for (const text of options.partialDeltas ?? [])
      await standIn.streams.append(options.generationId, { type: 'delta', text });
  }
}
