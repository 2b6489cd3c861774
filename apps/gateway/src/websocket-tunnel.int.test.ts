import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect as connectTcp, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import WebSocket, { WebSocketServer } from 'ws';
import { parseEnv } from '@vivier/config';
import { createLogger, INTERNAL_TOKEN_HEADER } from '@vivier/service-kit';
import { eventually, freePort, testRedisUrl, uniqueRedisPrefix } from '@vivier/testkit';
import { gatewayEnvSchema } from './env';
import { buildApp } from './app';

/**
 * The WebSocket proxy is a byte tunnel (issue 11): frames both ways unchanged, the handshake's
 * headers as chat-service expects them, and a client that does not read pushes back on
 * chat-service (whose slow-client guard then closes it) instead of piling up in the gateway.
 * chat-service is a stand-in speaking real WebSocket.
 */
let upstream: Server;
let wss: WebSocketServer;
let gateway: Awaited<ReturnType<typeof buildApp>>;
let base: string;
const handshakes: IncomingHttpHeaders[] = [];
const upstreamSockets: WebSocket[] = [];
const redis = new Redis(testRedisUrl());

async function startGateway(chatUrl: string, extra: Record<string, string> = {}) {
  const env = parseEnv(gatewayEnvSchema, {
    NODE_ENV: 'test',
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: uniqueRedisPrefix('gateway-ws'),
    AUTH_JWKS_URL: `${chatUrl}/.well-known/jwks.json`,
    AUTH_SERVICE_URL: chatUrl,
    CHAT_SERVICE_URL: chatUrl,
    WEB_URL: chatUrl,
    RATE_LIMIT_ANON_PER_MIN: '100000',
    ...extra,
  });
  const app = await buildApp({
    env,
    deps: { redis },
    logger: createLogger({ name: 'gateway', level: 'silent' }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  upstream = createServer((request, response) =>
    response.writeHead(request.url === '/ready' ? 200 : 404).end(),
  );
  wss = new WebSocketServer({ server: upstream });
  wss.on('connection', (socket, request) => {
    handshakes.push(request.headers);
    upstreamSockets.push(socket);
    // An echo, and on request a flood of frames (an answer far faster than its reader).
    socket.on('message', (data: Buffer) => {
      const text = data.toString();
      if (text === 'flood') {
        const frame = 'x'.repeat(64 * 1024);
        for (let index = 0; index < 1024; index++) socket.send(frame);
      } else socket.send(`echo:${text}`);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  ({ app: gateway, base } = await startGateway(
    `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
  ));
});

afterAll(async () => {
  await gateway?.close();
  for (const socket of upstreamSockets) socket.terminate();
  wss?.close();
  await new Promise((resolve) => upstream?.close(resolve));
  redis.disconnect();
});

function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

const nextMessage = (socket: WebSocket) =>
  new Promise<string>((resolve) => socket.once('message', (data: Buffer) => resolve(data.toString())));

describe('the gateway’s WebSocket tunnel', () => {
  it('carries frames both ways and hands chat-service the token and ids, never an internal token', async () => {
    const socket = await connect(`${base.replace('http', 'ws')}/api/ws`, {
      authorization: 'Bearer some-token',
      [INTERNAL_TOKEN_HEADER]: 'forged',
      'x-request-id': 'forged-id',
    });
    const answer = nextMessage(socket);
    socket.send('héllo');
    expect(await answer).toBe('echo:héllo');
    const headers = handshakes.at(-1)!;
    expect(headers.authorization).toBe('Bearer some-token');
    expect(headers[INTERNAL_TOKEN_HEADER]).toBeUndefined();
    expect(headers['x-request-id']).toMatch(/^req_/);
    expect(headers['x-forwarded-for']).toBe('127.0.0.1');
    socket.close();
  });

  it('lets a client that does not read hold chat-service back instead of buffering in the gateway', async () => {
    const socket = await connect(`${base.replace('http', 'ws')}/api/ws`);
    const sent = upstreamSockets.length;
    socket.send('flood');
    await eventually(async () => upstreamSockets.length > sent - 1);
    const server = upstreamSockets.at(-1)!;
    // The client stops reading: 64 MiB cannot all fit in the kernel's socket buffers, so what does
    // not stays queued at chat-service (where its slow-client guard sees it).
    (socket as unknown as { _socket: { pause(): void } })._socket.pause();
    await eventually(async () => server.bufferedAmount > 16 * 1024 * 1024, 20_000);
    socket.terminate();
    // The client is gone: chat-service's side is closed too.
    await eventually(async () => server.readyState === WebSocket.CLOSED, 10_000);
  });

  it('answers 503 with the error envelope when chat-service cannot be reached', async () => {
    const port = await freePort();
    const { app, base: down } = await startGateway(`http://127.0.0.1:${port}`);
    try {
      const refused = await new Promise<{ status: number; body: string }>((resolve) => {
        const socket = new WebSocket(`${down.replace('http', 'ws')}/api/ws`);
        socket.on('unexpected-response', (_request, response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        });
        socket.on('error', () => undefined);
      });
      expect(refused.status).toBe(503);
      expect(JSON.parse(refused.body).error.code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      await app.close();
    }
  });

  it('keeps a replica in rotation when the client hangs up while it is still answering the handshake', async () => {
    // Two replicas that take a handshake and never answer it, and name themselves over HTTP.
    const held: Array<{ name: string; socket: Socket }> = [];
    const replicas = await Promise.all(
      ['a', 'b'].map(async (name) => {
        const server = createServer((_request, response) => response.end(name));
        server.on('upgrade', (_request, socket: Socket) => {
          held.push({ name, socket });
          socket.resume();
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        return server;
      }),
    );
    const urls = replicas.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    // No probe within the test: only the tunnel could take a replica out of rotation.
    const { app, base: front } = await startGateway(urls[0]!, {
      CHAT_SERVICE_URL: urls.join(','),
      UPSTREAM_PROBE_INTERVAL_MS: '600000',
    });
    try {
      const client = connectTcp(Number(new URL(front).port), '127.0.0.1');
      client.on('error', () => undefined);
      client.write(
        'GET /api/ws HTTP/1.1\r\nHost: gateway\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
      await eventually(async () => held.length === 1);
      const upstream = held[0]!.socket;
      // HTTP servers allow half-open sockets: the gateway hanging up shows as 'end'.
      const upstreamClosed = new Promise((resolve) => upstream.once('end', resolve));
      // A reset, as from a client whose connection drops (a plain FIN waits for the handshake timeout).
      client.resetAndDestroy();
      // The gateway dropped its handshake to the replica: it has seen the hang-up by now.
      await upstreamClosed;
      const answers = [];
      for (let i = 0; i < 4; i++)
        answers.push(await (await fetch(`${front}/api/shares/some-token/public`)).text());
      expect(answers.sort()).toEqual(['a', 'a', 'b', 'b']);
    } finally {
      await app.close();
      for (const { socket } of held) socket.destroy();
      await Promise.all(replicas.map((server) => new Promise((resolve) => server.close(resolve))));
    }
  });

  it('relays a refused handshake’s chunked answer with a body the client can read', async () => {
    // No upgrade listener: the stand-in answers the handshake as a plain request, in two chunks.
    const refusing = createServer((_request, response) => {
      response.writeHead(403, { 'content-type': 'application/json' });
      response.write('{"error":{"code":"FORBIDDEN",');
      response.end('"message":"not yours"}}');
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const { app, base: front } = await startGateway(
      `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`,
    );
    try {
      const refused = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const socket = new WebSocket(`${front.replace('http', 'ws')}/api/ws`);
        socket.on('unexpected-response', (_request, response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
          response.on('error', reject);
        });
        socket.on('error', reject);
      });
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.body)).toEqual({ error: { code: 'FORBIDDEN', message: 'not yours' } });
    } finally {
      await app.close();
      await new Promise((resolve) => refusing.close(resolve));
    }
  });
});
