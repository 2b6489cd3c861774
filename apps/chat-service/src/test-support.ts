import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { WebSocket } from 'ws';
import { createGenerationStreams } from '@vivier/bus';
import { parseEnv } from '@vivier/config';
import { newId } from '@vivier/contracts';
import { createPrismaClient } from '@vivier/db';
import { createLogger } from '@vivier/service-kit';
import {
  captureLogs,
  createTestTokens,
  eventually,
  startFakeLlm,
  uniqueEmail,
  serviceTestEnv,
} from '@vivier/testkit';
import { buildApp } from './app';
import { createDeps, type ChatDeps } from './deps';
import { chatEnvSchema } from './env';

export const DEMO_MODEL = { provider: 'openai-compatible', model: 'fake' } as const;

/**
 * chat-service as a test sees it: real Postgres (the run's fresh database), real Redis under a
 * unique prefix, the fake LLM as the offline demo provider, an OpenAI key (catalogue models
 * offered, never called), tokens signed by a stand-in for auth-service, and every log captured.
 */
export async function startTestChatService(
  overrides: Record<string, string> = {},
  options: { adjustDeps?: (deps: ChatDeps) => ChatDeps } = {},
) {
  const tokens = await createTestTokens();
  const fakeLlm = await startFakeLlm();
  const logs = captureLogs();
  const env = parseEnv(chatEnvSchema, {
    ...serviceTestEnv('chat'),
    // Never fetched: tests verify against the stand-in's key set.
    AUTH_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json',
    OFFLINE_DEMO_URL: fakeLlm.url,
    OPENAI_API_KEY: 'sk-test-never-sent',
    // Knowledge bases embed through the fake LLM (the OpenAI key above is never called).
    KNOWLEDGE_EMBEDDING_PROVIDER: 'openai-compatible',
    KNOWLEDGE_EMBEDDING_MODEL: 'fake-embedding',
    // Uploads land in the OS temp folder, not in the repository's .vivier.
    FILE_STORAGE_DIR: join(tmpdir(), 'vivier-test-files'),
    // Test files share one database: the app's own reaper would end other files' staged
    // generations. generation-reaper.int.test.ts drives a reaper of its own.
    GENERATION_REAP_INTERVAL_MS: String(24 * 3600_000),
    ...overrides,
  });
  const logger = createLogger({ name: 'chat-service', level: env.LOG_LEVEL, stream: logs.stream });
  const realDeps = createDeps(env, logger);
  const deps = options.adjustDeps ? options.adjustDeps(realDeps) : realDeps;
  const app = buildApp({ env, deps, logger, keySet: tokens.keySet });
  await app.ready();
  // Users belong to auth-service; tests insert them directly (Chat.userId is a foreign key).
  const prisma = createPrismaClient(env.DATABASE_URL);
  const streams = createGenerationStreams({ redis: realDeps.redis, prefix: env.REDIS_PREFIX });

  async function createUser() {
    const id = newId('user');
    await prisma.user.create({ data: { id, email: uniqueEmail('chat'), passwordHash: 'x' } });
    const token = await tokens.sign(id);
    return { id, token, headers: { authorization: `Bearer ${token}` } };
  }

  return {
    app,
    env,
    deps,
    prisma,
    streams,
    tokens,
    fakeLlm,
    logs,
    logger,
    createUser,
    /** Listens on a free port (for WebSocket and SSE clients); resolves with the base URL. */
    async listen(): Promise<string> {
      return app.listen({ port: 0, host: '127.0.0.1' });
    },
    async close() {
      await app.close();
      await deleteKeys(realDeps.redis, env.REDIS_PREFIX);
      await realDeps.close();
      await prisma.$disconnect();
      await fakeLlm.close();
    },
  };
}

export type TestChatService = Awaited<ReturnType<typeof startTestChatService>>;
export type TestUser = Awaited<ReturnType<TestChatService['createUser']>>;

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** `app.inject` as a user: JSON in, parsed response out. */
export function clientFor(service: TestChatService, user: TestUser) {
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    service.app.inject({
      method,
      url,
      headers: user.headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, payload?: unknown) => call('POST', url, payload),
    patch: (url: string, payload?: unknown) => call('PATCH', url, payload),
    delete: (url: string) => call('DELETE', url),
    async createChat(body: Record<string, unknown> = {}) {
      const response = await call('POST', '/api/chats', { ...DEMO_MODEL, ...body });
      if (response.statusCode !== 201) throw new Error(`createChat: ${response.statusCode} ${response.body}`);
      return response.json();
    },
    async postMessage(chatId: string, content: string, extra: Record<string, unknown> = {}) {
      const response = await call('POST', `/api/chats/${chatId}/messages`, { content, ...extra });
      if (response.statusCode !== 202)
        throw new Error(`postMessage: ${response.statusCode} ${response.body}`);
      return response.json();
    },
  };
}

/** A frame as a test client received it, loosely typed for assertions. */
interface ReceivedFrame {
  type: string;
  id: string;
  generationId: string;
  text?: string;
  [field: string]: unknown;
}

/** A `ws` client on /api/ws that keeps every frame it receives. */
export async function openSocket(baseUrl: string, headers: Record<string, string> = {}) {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/ws`, { headers });
  const frames: ReceivedFrame[] = [];
  // Text frames arrive as one Buffer (the default binaryType).
  socket.on('message', (data) => frames.push(JSON.parse((data as Buffer).toString('utf8')) as ReceivedFrame));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    frames,
    closed,
    send: (frame: object) => socket.send(JSON.stringify(frame)),
    /** Resolves once at least `count` frames arrived (fails after the deadline). */
    waitForFrames: (count: number, timeoutMs = 5_000) =>
      eventually(async () => frames.length >= count, timeoutMs),
    close: () => socket.close(),
  };
}

interface SseEvent {
  id?: string;
  event?: string;
  data: ReceivedFrame;
}

/** An SSE client over fetch that keeps every event; `ended` resolves when the server ends the body. */
export async function openSse(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let boundary: number;
      while ((boundary = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const event: Partial<SseEvent> = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comments.push(line);
          else if (line.startsWith('id: ')) event.id = line.slice(4);
          else if (line.startsWith('event: ')) event.event = line.slice(7);
          else if (line.startsWith('data: ')) event.data = JSON.parse(line.slice(6)) as ReceivedFrame;
        }
        if (event.data !== undefined) events.push(event as SseEvent);
      }
    }
  })().catch((error: unknown) => {
    if (!controller.signal.aborted) throw error;
  });
  return {
    response,
    events,
    comments,
    ended,
    waitForEvents: (count: number, timeoutMs = 5_000) =>
      eventually(async () => events.length >= count, timeoutMs),
    abort: () => controller.abort(),
  };
}
