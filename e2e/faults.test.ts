import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, ensureDatabase, migrateDatabase, type PrismaClient } from '@vivier/db';
import {
  createTestTokens,
  eventually,
  fakeReply,
  freePort,
  startFakeLlm,
  testDatabaseUrl,
  uniqueEmail,
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
 * Faults against real processes: two chat-service replicas and two provider-workers, on a
 * database of their own (the shared test database has other suites' staged generations, which the
 * fast reaper here would end) and on a redis-server of their own that this suite restarts.
 */

const REDIS_PREFIX = 'faults:';
/** The suite restarts a Redis of its own; without the binary it says so and skips. */
const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedisServer)
  console.warn('e2e/faults.test.ts skipped: no redis-server on PATH (apt-get install redis-server)');
const WORKER_ENV = {
  GENERATION_CLAIM_IDLE_MS: '1500',
  GENERATION_LEASE_MS: '1500',
  GENERATION_MAX_DELIVERIES: '3',
  PROVIDER_FIRST_TOKEN_TIMEOUT_MS: '1500',
  PROVIDER_IDLE_TIMEOUT_MS: '1500',
  SHUTDOWN_GRACE_MS: '3000',
};
const CHAT_ENV = {
  GENERATION_REAP_INTERVAL_MS: '300',
  GENERATION_REPUBLISH_AFTER_MS: '1000',
};

let redisPort: number;
let redisServer: ChildProcess | undefined;
let databaseUrl: string;
let databaseName: string;
let prisma: PrismaClient;
let redis: Redis;
let fake: FakeLlm;
let tokens: TestTokens;
let jwksServer: Server;
let shared: Record<string, string>;
const services: RunningService[] = [];
let chat: RunningService;
/** A second replica that exits right after committing a generation, before publishing it. */
let doomed: RunningService;
/** Two: one is SIGKILLed (the other reclaims), then the survivor is SIGTERMed (last test). */
let workers: RunningService[] = [];

async function startRedisServer(): Promise<void> {
  // No persistence: a restart comes back empty, as a cache-style Redis does.
  const child = spawn('redis-server', ['--port', String(redisPort), '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  redisServer = child;
  const probe = new Redis({ port: redisPort, lazyConnect: true, retryStrategy: () => null });
  probe.on('error', () => {});
  await eventually(async () => {
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } catch {
      return false;
    }
  }, 10_000);
  probe.disconnect();
}

async function stopRedisServer(): Promise<void> {
  const child = redisServer;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

const startService = (
  service: 'chat-service' | 'provider-worker',
  label: string,
  env: Record<string, string>,
) => startServiceProcess(service, { ...shared, ...env }, services, label);

async function createUser() {
  const id = `usr_${randomBytes(8).toString('hex')}`;
  await prisma.user.create({ data: { id, email: uniqueEmail('faults'), passwordHash: 'x' } });
  return { id, authorization: `Bearer ${await tokens.sign(id)}` };
}

const api = callApi;

async function newChat(user: { authorization: string }) {
  const created = await api(chat.url, user.authorization, 'POST', '/api/chats', {
    provider: 'openai-compatible',
    model: 'fake',
  });
  expect(created.status).toBe(201);
  return String(created.json.id);
}

const ended = (generationId: string, timeoutMs?: number) => generationEnded(prisma, generationId, timeoutMs);

async function framesOf(generationId: string) {
  const entries = await redis.xrange(`${REDIS_PREFIX}gen:${generationId}`, '-', '+');
  return entries.map(([, fields]) => JSON.parse(fields[1] ?? '{}') as { type: string; code?: string });
}

beforeAll(async () => {
  assertServicesBuilt();
  if (!hasRedisServer) return;
  redisPort = await freePort();
  await startRedisServer();
  const server = new URL(testDatabaseUrl());
  databaseName = `vivier_faults_${Date.now()}_${randomBytes(3).toString('hex')}`;
  server.pathname = `/${databaseName}`;
  databaseUrl = server.toString();
  await ensureDatabase(databaseUrl);
  await migrateDatabase(databaseUrl);
  prisma = createPrismaClient(databaseUrl);
  redis = new Redis({ port: redisPort, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  fake = await startFakeLlm({ tokenDelayMs: 5 });
  tokens = await createTestTokens();
  jwksServer = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(tokens.jwks));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const jwksPort = (jwksServer.address() as { port: number }).port;
  shared = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    REDIS_PREFIX,
    INTERNAL_SERVICE_TOKEN: randomBytes(24).toString('hex'),
    AUTH_JWKS_URL: `http://127.0.0.1:${jwksPort}/.well-known/jwks.json`,
    JWT_ISSUER: tokens.issuer,
    JWT_AUDIENCE: tokens.audience,
    OPENAI_COMPATIBLE_BASE_URL: fake.openaiBaseUrl,
    OFFLINE_DEMO_URL: fake.url,
    FILE_STORAGE_DIR: join(ROOT, '.vivier', 'faults-files'),
  };
  // Every process at once: starting them one by one is what makes such a suite slow.
  const started = await Promise.all([
    startService('chat-service', 'chat-1', CHAT_ENV),
    startService('chat-service', 'chat-doomed', { ...CHAT_ENV, TEST_EXIT_AFTER_COMMIT: 'true' }),
    ...[1, 2].map((index) =>
      startService('provider-worker', `worker-${index}`, { ...WORKER_ENV, WORKER_NAME: `worker-${index}` }),
    ),
  ]);
  [chat, doomed] = started as [RunningService, RunningService];
  workers = started.slice(2);
  await Promise.all(started.map((service) => waitUntilReady(service, 300_000)));
}, 420_000);

afterAll(async () => {
  await Promise.all(services.map((service) => stopService(service, 'SIGKILL')));
  await stopRedisServer();
  redis?.disconnect();
  await prisma?.$disconnect();
  await fake?.close();
  await new Promise((resolve) => jwksServer?.close(resolve));
  if (databaseName) {
    const maintenance = new URL(testDatabaseUrl());
    maintenance.pathname = '/postgres';
    const client = new pg.Client({ connectionString: maintenance.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    await client.end();
  }
}, 60_000);

/** Starting processes can take a while on a busy CI machine. */
const FAULT_TEST_TIMEOUT_MS = 180_000;

describe.skipIf(!hasRedisServer)('faults against real processes', { timeout: FAULT_TEST_TIMEOUT_MS }, () => {
  it('chat-service killed between the commit and the publish: the generation still runs', async () => {
    const user = await createUser();
    const chatId = await newChat(user);
    const prompt = `Survive the crash ${randomBytes(3).toString('hex')}`;
    await api(doomed.url, user.authorization, 'POST', `/api/chats/${chatId}/messages`, {
      content: prompt,
    }).catch(
      () => undefined, // the process died mid-request
    );
    await eventually(async () => doomed.child.exitCode !== null, 10_000);
    expect(doomed.child.exitCode).toBe(86);

    // The row was committed; the surviving replica's reaper publishes it, a worker answers it.
    const generation = await eventually(
      async () => prisma.generation.findFirst({ where: { chatId } }),
      5_000,
    );
    const settled = await ended(generation.id);
    expect(settled.status).toBe('done');
    expect(settled.assistantMessage.content).toBe(fakeReply(prompt));
    expect(await prisma.message.count({ where: { chatId, role: 'assistant' } })).toBe(1);
  });

  it('a provider that hangs ends with an error frame PROVIDER_TIMEOUT, not a hang', async () => {
    const user = await createUser();
    const chatId = await newChat(user);
    const posted = await api(chat.url, user.authorization, 'POST', `/api/chats/${chatId}/messages`, {
      content: '[[fault:hang]] hello?',
    });
    expect(posted.status).toBe(202);
    const generationId = String(posted.json.generationId);
    const settled = await ended(generationId);
    expect(settled).toMatchObject({ status: 'failed', errorCode: 'PROVIDER_TIMEOUT' });
    expect((await framesOf(generationId)).at(-1)).toMatchObject({ type: 'error', code: 'PROVIDER_TIMEOUT' });
  });

  it('a poison event on the bus is dead-lettered after its tries, and the workers keep going', async () => {
    await redis.xadd(
      `${REDIS_PREFIX}gen:requests`,
      '*',
      'event',
      '{"type":"generation.requested","version":1}',
    );
    await eventually(async () => (await redis.xlen(`${REDIS_PREFIX}gen:dead`)) >= 1, 20_000);
    const user = await createUser();
    const chatId = await newChat(user);
    const posted = await api(chat.url, user.authorization, 'POST', `/api/chats/${chatId}/messages`, {
      content: 'Still there?',
    });
    expect((await ended(String(posted.json.generationId))).status).toBe('done');
  });

  it('Redis restarted empty mid-stream: readiness drops and returns, the answer ends and is stored once', async () => {
    const user = await createUser();
    const chatId = await newChat(user);
    const prompt = `[[delay:40]] [[words:150]] Through the outage ${randomBytes(3).toString('hex')}`;
    const posted = await api(chat.url, user.authorization, 'POST', `/api/chats/${chatId}/messages`, {
      content: prompt,
    });
    const generationId = String(posted.json.generationId);
    await eventually(async () => (await framesOf(generationId)).length >= 3);

    await stopRedisServer();
    await eventually(async () => {
      const ready = await fetch(`${chat.url}/ready`, { signal: AbortSignal.timeout(5_000) });
      return ready.status === 503;
    }, 15_000);
    await startRedisServer();
    await eventually(async () => {
      const ready = await fetch(`${chat.url}/ready`, { signal: AbortSignal.timeout(5_000) });
      return ready.status === 200;
    }, 30_000);

    const settled = await ended(generationId, 60_000);
    // Either the worker carried on and finished, or the answer failed clearly; never left running.
    expect(['done', 'failed']).toContain(settled.status);
    if (settled.status === 'done') expect(settled.assistantMessage.content).toBe(fakeReply(prompt));
    expect(await prisma.message.count({ where: { chatId, role: 'assistant' } })).toBe(1);
    // The services took new work after the restart.
    const again = await api(chat.url, user.authorization, 'POST', `/api/chats/${chatId}/messages`, {
      content: 'After the restart',
    });
    expect(again.status).toBe(202);
    expect((await ended(String(again.json.generationId), 60_000)).status).toBe('done');
  });
  it('a worker SIGKILLed mid-stream: another reclaims the generation and it is stored once', async () => {
    const user = await createUser();
    const chatId = await newChat(user);
    const prompt = `[[delay:40]] [[words:120]] Keep talking ${randomBytes(3).toString('hex')}`;
    const posted = await api(chat.url, user.authorization, 'POST', `/api/chats/${chatId}/messages`, {
      content: prompt,
    });
    const generationId = String(posted.json.generationId);
    const owner = await eventually(async () => {
      const row = await prisma.generation.findUnique({ where: { id: generationId } });
      return row?.status === 'streaming' && row.leaseOwner ? row.leaseOwner : undefined;
    });
    await eventually(async () => (await framesOf(generationId)).length >= 3);
    const victim = workers.find((worker) => worker.name === owner)!;
    await stopService(victim, 'SIGKILL');

    const settled = await ended(generationId, 60_000);
    expect(settled.status).toBe('done');
    expect(settled.leaseExpiresAt).toBeNull();
    expect(settled.leaseOwner).not.toBe(owner);
    expect(settled.attempts).toBe(2);
    expect(settled.assistantMessage.content).toBe(fakeReply(prompt));
    const types = (await framesOf(generationId)).map((frame) => frame.type);
    expect(types).toContain('reset');
    expect(types.filter((type) => type === 'done')).toHaveLength(1);
    workers = workers.filter((worker) => worker !== victim);
  });

  it('the last worker SIGTERMed mid-stream finishes the answer within its grace period, once', async () => {
    const user = await createUser();
    const chatId = await newChat(user);
    // Short enough to finish within SHUTDOWN_GRACE_MS: the last worker must not hand it back to nobody.
    const prompt = `[[delay:40]] [[words:30]] Drain me ${randomBytes(3).toString('hex')}`;
    const posted = await api(chat.url, user.authorization, 'POST', `/api/chats/${chatId}/messages`, {
      content: prompt,
    });
    const generationId = String(posted.json.generationId);
    const owner = await eventually(async () => {
      const row = await prisma.generation.findUnique({ where: { id: generationId } });
      return row?.status === 'streaming' && row.leaseOwner ? row.leaseOwner : undefined;
    });
    await eventually(async () => (await framesOf(generationId)).length >= 3);
    const stopping = workers.find((worker) => worker.name === owner)!;
    await stopService(stopping, 'SIGTERM');
    expect(stopping.child.exitCode).toBe(0);

    const settled = await ended(generationId, 60_000);
    expect(settled.status).toBe('done');
    expect(settled.assistantMessage.content).toBe(fakeReply(prompt));
    expect((await framesOf(generationId)).filter((frame) => frame.type === 'done')).toHaveLength(1);
    workers = workers.filter((worker) => worker !== stopping);
  });
});
