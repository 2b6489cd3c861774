import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createPrismaClient, dropDatabase, ensureDatabase, migrateDatabase, seedDatabase } from '@vivier/db';
import { freePort, startSmtpSink } from '@vivier/testkit';
import WebSocket from 'ws';
import { ROOT, startStack, type ServiceName, type Stack } from '../../../scripts/lib/stack';

/**
 * What the stream benchmark measures, started by itself: a scratch database on the configured
 * PostgreSQL, a fresh Redis prefix, the fake LLM in its own process, and the stack through the
 * start command's own code (scripts/lib/stack.ts), every port a free one.
 */

export interface BenchEnvironment {
  stack: Stack;
  gatewayUrl: string;
  fakeLlmUrl: string;
  /** The peer LLM gateway (arm P) and the headers that send its requests to the fake LLM. */
  peer: { url: string; headers: Record<string, string> };
  redisUrl: string;
  /** The bench's own redis-server, when it started one (its CPU is the pipeline's). */
  redisPid?: number;
  redisPrefix: string;
  databaseUrl: string;
  close(): Promise<void>;
}

const log = (message: string) => console.log(`[bench] ${message}`);

async function startFakeLlmProcess(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'packages', 'testkit', 'src', 'fake-llm', 'main.ts')],
    {
      cwd: ROOT,
      env: { ...process.env, FAKE_LLM_PORT: String(port), FAKE_LLM_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[fake-llm] ${chunk.toString()}`));
  child.stdout?.resume();
  await waitForHttp(`${url}/health`, child, 'the fake LLM');
  return { url, child };
}

/** Waits until `url` answers at all (any status): the process behind it is listening. */
async function waitForHttp(url: string, child: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not start within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Arm P's peer: `@portkey-ai/gateway` from npm (its Node server, headless, on loopback), routed to
 * the fake LLM by its `x-portkey-custom-host` header (TOOLCHAIN.md).
 */
async function startPeerGateway(fakeLlmUrl: string) {
  const port = await freePort();
  const entry = join(ROOT, 'bench', 'node_modules', '@portkey-ai', 'gateway', 'build', 'start-server.js');
  const child = spawn(process.execPath, [entry, `--port=${port}`, '--headless'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.resume();
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url, child, 'the peer gateway (Portkey)');
  const headers = { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${fakeLlmUrl}/v1` };
  return { url, headers, child };
}

/**
 * A Redis of the benchmark's own (`redis-server` on PATH, in memory, on a free port), so its
 * command and byte counters are the pipeline's alone; `BENCH_REDIS=shared` uses REDIS_URL instead.
 */
async function startOwnRedis(): Promise<{ url: string; child: ChildProcess } | undefined> {
  if (process.env.BENCH_REDIS === 'shared') return undefined;
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const started = await new Promise<boolean>((resolve) => {
    const settle = (isReady: boolean) => {
      clearTimeout(timer);
      resolve(isReady);
    };
    const timer = setTimeout(() => settle(false), 10_000); // never wait on it for ever
    child.once('error', () => settle(false)); // not installed: use the shared one
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) settle(true);
    });
    child.once('exit', () => settle(false));
  });
  if (!started) {
    child.kill('SIGKILL');
    return undefined;
  }
  // Whatever fails later, the benchmark never leaves its Redis behind.
  process.once('exit', () => child.kill('SIGTERM'));
  child.stdout?.resume();
  child.stderr?.resume();
  return { url: `redis://127.0.0.1:${port}`, child };
}

export async function startEnvironment(
  options: { extraEnv?: Record<string, string> } = {},
): Promise<BenchEnvironment> {
  const server = new URL(
    process.env.TEST_DATABASE_URL ??
      process.env.DATABASE_URL ??
      'postgresql://postgres@127.0.0.1:5432/postgres',
  );
  const databaseUrl = new URL(server);
  databaseUrl.pathname = `/vivier_bench_stream_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const ownRedis = await startOwnRedis();
  const redisUrl = ownRedis?.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redisPrefix = `bench-${randomBytes(4).toString('hex')}:`;

  log(
    `scratch database ${databaseUrl.pathname.slice(1)}, Redis ${ownRedis ? `of its own at ${redisUrl}` : `${redisUrl} (shared)`}, prefix ${redisPrefix}`,
  );
  await ensureDatabase(databaseUrl.href);
  await migrateDatabase(databaseUrl.href);
  const prisma = createPrismaClient(databaseUrl.href);
  await seedDatabase(prisma, {});
  await prisma.$disconnect();

  const smtp = await startSmtpSink();
  const fake = await startFakeLlmProcess();
  const services: Array<Exclude<ServiceName, 'web'>> = [
    'gateway',
    'auth-service',
    'chat-service',
    'admin-service',
    'billing-service',
    'provider-worker',
  ];
  const ports: Partial<Record<ServiceName, number>> = {};
  for (const service of services) ports[service] = await freePort();
  log('starting the stack');
  const peer = await startPeerGateway(fake.url).catch((error: unknown) => {
    fake.child.kill('SIGTERM');
    throw error;
  });
  const abandon = async () => {
    ownRedis?.child.kill('SIGTERM');
    peer.child.kill('SIGTERM');
    fake.child.kill('SIGTERM');
    await smtp.close();
    await dropDatabase(databaseUrl.href).catch(() => undefined);
  };
  const stack = await startStack({
    databaseUrl: databaseUrl.href,
    redisUrl,
    redisPrefix,
    smtpUrl: smtp.url,
    ports,
    withWeb: false,
    output: 'capture',
    nodeEnv: 'production',
    env: {
      OFFLINE_DEMO_URL: fake.url,
      // The benchmark registers hundreds of users and sends thousands of messages from one address.
      REGISTER_LIMIT_PER_HOUR: '100000',
      RATE_LIMIT_USER_PER_MIN: '1000000',
      RATE_LIMIT_ANON_PER_MIN: '1000000',
      LOG_LEVEL: 'warn',
      ...options.extraEnv,
    },
  }).catch(async (error: unknown) => {
    await abandon();
    throw error;
  });
  // The captured output would grow for the whole run: keep the last lines only.
  for (const service of stack.services) {
    service.child.stdout?.on('data', () =>
      service.output.splice(0, Math.max(0, service.output.length - 200)),
    );
  }
  return {
    stack,
    gatewayUrl: stack.gateway.url,
    fakeLlmUrl: fake.url,
    peer: { url: peer.url, headers: peer.headers },
    redisUrl,
    ...(ownRedis?.child.pid ? { redisPid: ownRedis.child.pid } : {}),
    redisPrefix,
    databaseUrl: databaseUrl.href,
    async close() {
      await stack.stop();
      ownRedis?.child.kill('SIGTERM');
      peer.child.kill('SIGTERM');
      fake.child.kill('SIGTERM');
      await smtp.close();
      await dropDatabase(databaseUrl.href).catch((error: unknown) =>
        log(`could not drop the database: ${String(error)}`),
      );
    },
  };
}

export interface BenchUser {
  token: string;
  chatIds: string[];
  socket: WebSocket;
  /** Frame listeners by generation id (one socket serves every chat of the user). */
  listeners: Map<string, (frame: Frame) => void>;
  /** WebSocket payload bytes this user's socket has received. */
  received: { bytes: number };
}

export interface Frame {
  type: string;
  id: string;
  generationId: string;
  text?: string;
  code?: string;
  message?: string;
}

async function call(base: string, method: string, path: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(base + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

export const api = call;

export function openSocket(
  base: string,
  token: string,
  listeners: BenchUser['listeners'],
  received: BenchUser['received'],
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/api/ws`, {
      headers: { authorization: `Bearer ${token}` },
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
    });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.on('message', (data: Buffer) => {
      received.bytes += data.length;
      const frame = JSON.parse(data.toString()) as Frame;
      listeners.get(frame.generationId)?.(frame);
    });
  });
}

/** `count` users, each with `chatsEach` chats of the Offline demo model and one open WebSocket. */
export async function createUsers(base: string, count: number, chatsEach: number, label: string) {
  const users: BenchUser[] = [];
  const run = randomBytes(3).toString('hex');
  let next = 0;
  async function worker() {
    while (next < count) {
      const index = next++;
      const registered = await call(base, 'POST', '/api/auth/register', {
        email: `bench-${label}-${run}-${index}@example.com`,
        password: 'Correct-Horse-9-Battery',
      });
      const token = registered.accessToken as string;
      const chatIds: string[] = [];
      for (let chat = 0; chat < chatsEach; chat += 1) {
        const created = await call(
          base,
          'POST',
          '/api/chats',
          { provider: 'openai-compatible', model: 'fake' },
          token,
        );
        chatIds.push(created.id as string);
      }
      const listeners = new Map<string, (frame: Frame) => void>();
      const received = { bytes: 0 };
      users.push({
        token,
        chatIds,
        listeners,
        received,
        socket: await openSocket(base, token, listeners, received),
      });
    }
  }
  await Promise.all(Array.from({ length: 4 }, worker));
  return users;
}

export function closeUsers(users: BenchUser[]) {
  for (const user of users) user.socket.terminate();
}
