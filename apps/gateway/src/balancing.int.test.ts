import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import WebSocket, { WebSocketServer } from 'ws';
import { parseEnv } from '@vivier/config';
import { createLogger } from '@vivier/service-kit';
import { eventually, testRedisUrl, uniqueRedisPrefix } from '@vivier/testkit';
import { gatewayEnvSchema } from './env';
import { buildApp } from './app';
import { UpstreamPool } from './lib/upstream-pool';

/**
 * The gateway in front of two replicas of a service (stand-ins over real HTTP and WebSocket, each
 * answering with its own name): requests and WebSockets spread across both, a replica failing its
 * /ready or going away is ejected, and one that recovers comes back.
 */
interface Replica {
  name: string;
  url: string;
  ready: boolean;
  server: Server;
  sockets: Set<Socket>;
}

async function startReplica(name: string): Promise<Replica> {
  const replica = { name, ready: true, sockets: new Set<Socket>() } as Replica;
  replica.server = createServer((request, response) => {
    if (request.url === '/ready') {
      response.writeHead(replica.ready ? 200 : 503).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ replica: name }));
  });
  replica.server.on('connection', (socket) => {
    replica.sockets.add(socket);
    socket.on('close', () => replica.sockets.delete(socket));
  });
  const wss = new WebSocketServer({ server: replica.server });
  wss.on('connection', (socket) => socket.send(JSON.stringify({ replica: name })));
  await new Promise<void>((resolve) => replica.server.listen(0, '127.0.0.1', resolve));
  replica.url = `http://127.0.0.1:${(replica.server.address() as AddressInfo).port}`;
  return replica;
}

async function stopReplica(replica: Replica) {
  const closed = new Promise((resolve) => replica.server.close(resolve));
  for (const socket of replica.sockets) socket.destroy();
  await closed;
}

let a: Replica;
let b: Replica;
let gateway: Awaited<ReturnType<typeof buildApp>>;
let base: string;
const redis = new Redis(testRedisUrl());

beforeAll(async () => {
  a = await startReplica('a');
  b = await startReplica('b');
  const env = parseEnv(gatewayEnvSchema, {
    NODE_ENV: 'test',
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: uniqueRedisPrefix('gateway-balancing'),
    AUTH_JWKS_URL: `${a.url}/.well-known/jwks.json`,
    // Both forms at once: a list with spaces around the comma.
    AUTH_SERVICE_URL: `${a.url} , ${b.url}`,
    CHAT_SERVICE_URL: `${a.url},${b.url}`,
    WEB_URL: a.url,
    RATE_LIMIT_ANON_PER_MIN: '100000',
    UPSTREAM_PROBE_INTERVAL_MS: '100',
  });
  gateway = await buildApp({
    env,
    deps: { redis },
    logger: createLogger({ name: 'gateway', level: 'silent' }),
  });
  await gateway.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await gateway?.close();
  redis.disconnect();
  for (const replica of [a, b]) if (replica?.server.listening) await stopReplica(replica);
});

async function login(): Promise<{ status: number; replica?: string; code?: string }> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const body = (await response.json()) as { replica?: string; error?: { code: string } };
  return { status: response.status, replica: body.replica, code: body.error?.code };
}

function socketReplica(): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${base.replace('http', 'ws')}/api/ws`);
    socket.once('message', (data: Buffer) => {
      socket.close();
      resolve((JSON.parse(data.toString()) as { replica: string }).replica);
    });
    socket.once('error', reject);
  });
}

const count = (names: Array<string | undefined>) =>
  names.reduce<Record<string, number>>(
    (counts, name) => ({ ...counts, [name!]: (counts[name!] ?? 0) + 1 }),
    {},
  );

describe('the gateway in front of two replicas', () => {
  it('spreads requests evenly across the listed addresses', async () => {
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await login());
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(count(answers.map((answer) => answer.replica))).toEqual({ a: 5, b: 5 });
  });

  it('spreads WebSocket connections across replicas', async () => {
    const replicas = [];
    for (let i = 0; i < 6; i++) replicas.push(await socketReplica());
    expect(count(replicas)).toEqual({ a: 3, b: 3 });
  });

  it('ejects a replica whose /ready fails and brings it back once it passes', async () => {
    b.ready = false;
    await eventually(async () => ((await fetch(`${base}/ready`)).ok ? true : undefined));
    // The probe runs every 100 ms: once it has seen b fail, only a answers.
    await eventually(async () => {
      const answers = [await login(), await login(), await login()];
      return answers.every((answer) => answer.replica === 'a') ? true : undefined;
    });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await login()).replica);
    expect(count(answers)).toEqual({ a: 6 });
    const sockets = [await socketReplica(), await socketReplica()];
    expect(sockets).toEqual(['a', 'a']);

    b.ready = true;
    await eventually(async () => ((await login()).replica === 'b' ? true : undefined));
  });

  it('a replica that goes away costs at most one 503 envelope, then traffic goes to the other', async () => {
    await stopReplica(b);
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await login());
    const failed = answers.filter((answer) => answer.status !== 200);
    expect(failed.length).toBeLessThanOrEqual(1);
    for (const answer of failed) expect(answer).toMatchObject({ status: 503, code: 'UPSTREAM_UNAVAILABLE' });
    expect(answers.slice(-8).every((answer) => answer.replica === 'a')).toBe(true);
    // The gateway stays ready: chat-service still has one address that answers.
    expect((await fetch(`${base}/ready`)).status).toBe(200);
  });
});

describe('UpstreamPool', () => {
  it('resolves a name to every address it has (a headless Service) and follows changes', async () => {
    let addresses = ['10.0.0.1', '10.0.0.2'];
    const pool = new UpstreamPool({
      name: 'chat-service',
      urls: 'http://chat-service-headless:4002',
      dnsRefreshMs: 0,
      probeTimeoutMs: 50,
      resolve: async () => addresses,
    });
    await pool.refresh();
    expect(pool.snapshot().map((endpoint) => endpoint.url)).toEqual([
      'http://10.0.0.1:4002',
      'http://10.0.0.2:4002',
    ]);
    // Nothing answers on those addresses: all are unhealthy, so requests still go round all of them.
    expect(new Set([pool.next(), pool.next()])).toEqual(
      new Set(['http://10.0.0.1:4002', 'http://10.0.0.2:4002']),
    );
    addresses = ['10.0.0.2', '10.0.0.3'];
    await pool.refresh();
    expect(pool.snapshot().map((endpoint) => endpoint.url)).toEqual([
      'http://10.0.0.2:4002',
      'http://10.0.0.3:4002',
    ]);
  });

  it('keeps the last addresses when the name stops resolving, and IP or localhost URLs as they are', async () => {
    let fail = false;
    const pool = new UpstreamPool({
      name: 'x',
      urls: 'http://svc:80,http://127.0.0.1:9,http://localhost:8',
      dnsRefreshMs: 0,
      probeTimeoutMs: 50,
      resolve: async () => {
        if (fail) throw new Error('ENOTFOUND');
        return ['10.1.1.1'];
      },
    });
    await pool.refresh();
    const first = pool.snapshot().map((endpoint) => endpoint.url);
    expect(first).toEqual(['http://10.1.1.1', 'http://127.0.0.1:9', 'http://localhost:8']);
    fail = true;
    await pool.refresh();
    expect(pool.snapshot().map((endpoint) => endpoint.url)).toEqual(first);
  });
});
