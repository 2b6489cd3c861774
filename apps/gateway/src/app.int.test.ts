import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { SignJWT, exportJWK, generateKeyPair, calculateJwkThumbprint, type CryptoKey, type JWK } from 'jose';
import { parseEnv } from '@vivier/config';
import { createDisabledUsers, createLogger, serveMetrics } from '@vivier/service-kit';
import { captureLogs, eventually, testRedisUrl, uniqueRedisPrefix } from '@vivier/testkit';
import { gatewayEnvSchema } from './env';
import { buildApp } from './app';

/**
 * The gateway against stand-in upstreams over real HTTP: one plays auth-service (it serves a JWKS
 * and echoes what it receives), one plays the web app. The real services are exercised together
 * in the end-to-end test.
 */
interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

let upstream: FastifyInstance;
let web: FastifyInstance;
let gateway: Awaited<ReturnType<typeof buildApp>>;
let redis: Redis;
let privateKey: CryptoKey;
let publicJwk: JWK;
const seen: Seen[] = [];
const prefix = uniqueRedisPrefix('gateway');
const logs = captureLogs();
let gatewayEnv: Record<string, string>;

async function accessToken(claims: Record<string, unknown> = {}, sub = 'usr_test') {
  return new SignJWT({ role: 'USER', sid: 'ses_1', emailVerified: true, ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: publicJwk.kid! })
    .setSubject(sub)
    .setIssuer('vivier')
    .setAudience('vivier')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);
}

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = await exportJWK(pair.publicKey);
  publicJwk.kid = await calculateJwkThumbprint(publicJwk);
  publicJwk.alg = 'ES256';

  upstream = Fastify({ bodyLimit: 1024 * 1024 });
  // Uploads arrive as multipart: the stand-in answers with how many bytes reached it.
  upstream.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );
  upstream.get('/.well-known/jwks.json', async () => ({ keys: [publicJwk] }));
  upstream.get('/ready', async () => ({ status: 'ready' }));
  upstream.all('/api/*', async (request) => {
    seen.push({ method: request.method, url: request.url, headers: request.headers });
    return {
      proxied: true,
      url: request.url,
      ...(Buffer.isBuffer(request.body) ? { bytes: request.body.length } : {}),
    };
  });
  await upstream.listen({ port: 0, host: '127.0.0.1' });
  web = Fastify();
  web.get('/*', async (_request, reply) => reply.type('text/html').send('<h1>web app</h1>'));
  await web.listen({ port: 0, host: '127.0.0.1' });

  const upstreamUrl = `http://127.0.0.1:${(upstream.server.address() as { port: number }).port}`;
  gatewayEnv = {
    NODE_ENV: 'test',
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: prefix,
    AUTH_JWKS_URL: `${upstreamUrl}/.well-known/jwks.json`,
    AUTH_SERVICE_URL: upstreamUrl,
    CHAT_SERVICE_URL: upstreamUrl,
    WEB_URL: `http://127.0.0.1:${(web.server.address() as { port: number }).port}`,
    RATE_LIMIT_ANON_PER_MIN: '40',
    RATE_LIMIT_USER_PER_MIN: '8',
    REGISTER_LIMIT_PER_HOUR: '3',
    BODY_LIMIT_BYTES: '2048',
    UPLOAD_LIMIT_BYTES: '4096',
    IMPORT_LIMIT_BYTES: '8192',
    CORS_ORIGINS: 'https://app.example.test',
  };
  const env = parseEnv(gatewayEnvSchema, gatewayEnv);
  redis = new Redis(env.REDIS_URL);
  gateway = await buildApp({
    env,
    deps: { redis },
    logger: createLogger({ name: 'gateway', level: 'info', stream: logs.stream }),
  });
  await gateway.ready();
});

afterAll(async () => {
  await gateway.close();
  await upstream.close();
  await web.close();
  redis.disconnect();
});

describe('routing', () => {
  it('answers /health and always mints its own request id, even when the client sends one', async () => {
    const minted = await gateway.inject({ method: 'GET', url: '/health' });
    expect(minted.statusCode).toBe(200);
    expect(minted.headers['x-request-id']).toMatch(/^req_/);
    const given = await gateway.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'trace-abc-123' },
    });
    expect(given.headers['x-request-id']).toMatch(/^req_/);
    expect(given.headers['x-content-type-options']).toBe('nosniff');
  });

  it('reports each downstream in /ready', async () => {
    const ready = await gateway.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks).toMatchObject({ redis: 'ok', 'auth-service': 'ok', 'chat-service': 'ok' });
  });

  it('stays ready while a downstream is down, and reports it', async () => {
    const closed = Fastify();
    await closed.listen({ port: 0, host: '127.0.0.1' });
    const deadUrl = `http://127.0.0.1:${(closed.server.address() as { port: number }).port}`;
    await closed.close(); // nothing listens there now: chat-service is down
    const env = parseEnv(gatewayEnvSchema, { ...gatewayEnv, CHAT_SERVICE_URL: deadUrl });
    const partial = await buildApp({
      env,
      deps: { redis },
      logger: createLogger({ name: 'gateway', level: 'warn', stream: captureLogs().stream }),
    });
    try {
      const ready = await partial.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({
        status: 'ready',
        checks: { redis: 'ok', 'auth-service': 'ok', 'chat-service': 'failing' },
      });
      // It serves what it can: login's service is up.
      const login = await partial.inject({ method: 'POST', url: '/api/auth/login', payload: {} });
      expect(login.json()).toMatchObject({ proxied: true });
    } finally {
      await partial.close();
    }
  });

  it('never reaches /internal, and unknown /api paths are a 404 envelope, not the web app', async () => {
    const token = await accessToken();
    for (const url of ['/internal/quota/x', '/internal/users', '/api/internal/users', '/api/nothing-here']) {
      const response = await gateway.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    expect(seen.some((request) => request.url.includes('internal'))).toBe(false);
  });

  it('keeps /metrics off the public port (404 envelope) and serves it on a port of its own', async () => {
    const publicMetrics = await gateway.inject({ method: 'GET', url: '/metrics' });
    expect(publicMetrics.statusCode).toBe(404);
    expect(publicMetrics.json().error.code).toBe('NOT_FOUND');
    await gateway.inject({ method: 'GET', url: '/health' });
    const internal = await serveMetrics(gateway.metrics, { port: 0, host: '127.0.0.1' });
    try {
      const scraped = await fetch(`http://127.0.0.1:${internal.port}/metrics`);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/health"/);
      expect((await fetch(`http://127.0.0.1:${internal.port}/api/chats`)).status).toBe(404);
    } finally {
      await internal.close();
    }
  });

  it('sends everything outside /api to the web app', async () => {
    const page = await gateway.inject({ method: 'GET', url: '/chats/some-page' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('web app');
  });

  it('answers 503 for a service that is not deployed', async () => {
    const token = await accessToken({}, 'usr_admin_probe');
    const response = await gateway.inject({
      method: 'GET',
      url: '/api/admin/users',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('UPSTREAM_UNAVAILABLE');
  });
});

describe('token pre-check', () => {
  it('refuses protected routes without a valid token before proxying', async () => {
    const before = seen.length;
    const [, payload] = (await accessToken()).split('.');
    const hs256 = await new SignJWT({ role: 'ADMIN', sid: 'x', emailVerified: true })
      .setProtectedHeader({ alg: 'HS256', kid: publicJwk.kid! })
      .setSubject('usr_x')
      .setIssuer('vivier')
      .setAudience('vivier')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
    for (const authorization of [
      undefined,
      'Bearer nope',
      `Bearer eyJhbGciOiJub25lIn0.${payload}.`,
      `Bearer ${hs256}`,
    ]) {
      const response = await gateway.inject({
        method: 'GET',
        url: '/api/chats',
        headers: authorization ? { authorization } : {},
      });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({
        error: { code: 'UNAUTHENTICATED' },
        requestId: response.headers['x-request-id'],
      });
    }
    expect(seen.length).toBe(before);
  });

  it('proxies a valid token with the request id and client address, stripping a forged internal token', async () => {
    const token = await accessToken({}, 'usr_proxy_check');
    const response = await gateway.inject({
      method: 'GET',
      url: '/api/chats?limit=5',
      headers: {
        authorization: `Bearer ${token}`,
        'x-request-id': 'req-proxy-1',
        'x-internal-token': 'forged',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ proxied: true, url: '/api/chats?limit=5' });
    // The gateway's own id goes downstream and back to the client; the client's is only logged, apart.
    const requestId = String(response.headers['x-request-id']);
    expect(requestId).toMatch(/^req_/);
    expect(seen.some((request) => request.headers['x-request-id'] === 'req-proxy-1')).toBe(false);
    const forwarded = seen.find((request) => request.headers['x-request-id'] === requestId)!;
    const logged = logs.lines.map((line) => JSON.parse(line) as { reqId?: string; clientRequestId?: string });
    expect(logged.some((line) => line.reqId === requestId && line.clientRequestId === 'req-proxy-1')).toBe(
      true,
    );
    expect(forwarded.headers.authorization).toBe(`Bearer ${token}`);
    expect(forwarded.headers['x-forwarded-for']).toBeTruthy();
    expect(forwarded.headers['x-internal-token']).toBeUndefined();
    // The upstream's parent span is the gateway's (added by its HTTP client instrumentation when
    // tracing is on), never the client's trace context passed through.
    expect(forwarded.headers.traceparent).toBeUndefined();
  });

  it("refuses a disabled user's still-valid token at once", async () => {
    const token = await accessToken({}, 'usr_disabled_now');
    await redis.set(`${prefix}disabled-user:usr_disabled_now`, '1');
    const response = await gateway.inject({
      method: 'GET',
      url: '/api/chats',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.message).toMatch(/disabled/);
  });

  it('refuses a token that still carries a role the user no longer has, and accepts the new one', async () => {
    const demoted = await accessToken({ role: 'ADMIN' }, 'usr_demoted_now');
    await redis.set(`${prefix}user-role:usr_demoted_now`, 'USER');
    const stale = await gateway.inject({
      method: 'GET',
      url: '/api/admin/users',
      headers: { authorization: `Bearer ${demoted}` },
    });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringMatching(/role has changed/),
    });
    const refreshed = await accessToken({ role: 'USER' }, 'usr_demoted_now');
    const fresh = await gateway.inject({
      method: 'GET',
      url: '/api/chats',
      headers: { authorization: `Bearer ${refreshed}` },
    });
    expect(fresh.statusCode).toBe(200);
  });

  it('lets public auth routes through without a token', async () => {
    const response = await gateway.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'a@b.c', password: 'x' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().url).toBe('/api/auth/login');
  });
});

describe("a shared chat's page", () => {
  const token = 'AbC_d-9xYz0123456789abcdefghijklmnopqrstuvw';

  it('is proxied without a token; the owner routes beside it are not', async () => {
    const open = await gateway.inject({ method: 'GET', url: `/api/shares/${token}/public` });
    expect(open.statusCode).toBe(200);
    expect(open.json()).toEqual({ proxied: true, url: `/api/shares/${token}/public` });
    for (const [method, url] of [
      ['GET', '/api/shares'],
      ['DELETE', `/api/shares/${token}`],
      ['POST', `/api/shares/${token}/public`],
    ] as const) {
      const refused = await gateway.inject({ method, url });
      expect(refused.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('is rate-limited per address like every anonymous request', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 41; i++) {
      const response = await gateway.inject({
        method: 'GET',
        url: `/api/shares/${token}/public`,
        remoteAddress: '10.9.8.7',
      });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 40).every((status) => status === 200)).toBe(true);
    expect(statuses[40]).toBe(429);
  });
});

describe('limits', () => {
  it('refuses a body over BODY_LIMIT_BYTES with 413 and the envelope', async () => {
    const response = await gateway.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'a@b.c', password: 'x'.repeat(4096) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('lets a chat import past BODY_LIMIT_BYTES up to IMPORT_LIMIT_BYTES, and says the limit beyond', async () => {
    const headers = { authorization: `Bearer ${await accessToken({}, 'usr_importer')}` };
    const file = (bytes: number) => [{ title: 'x'.repeat(bytes), mapping: {} }];
    const within = await gateway.inject({
      method: 'POST',
      url: '/api/chats/import',
      headers,
      payload: file(6000),
    });
    expect(within.statusCode, within.body).toBe(200);
    expect(within.json()).toMatchObject({ proxied: true, url: '/api/chats/import' });
    const over = await gateway.inject({
      method: 'POST',
      url: '/api/chats/import',
      headers,
      payload: file(9000),
    });
    expect(over.statusCode).toBe(413);
    expect(over.json().error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'The import file is larger than the 8192-byte limit (IMPORT_LIMIT_BYTES)',
      meta: { limitBytes: 8192 },
    });
  });

  it('lets an upload of exactly UPLOAD_LIMIT_BYTES through with its multipart envelope, and refuses far more', async () => {
    const token = await accessToken({}, 'usr_uploader');
    const multipart = (bytes: number) => {
      const boundary = '----vivier-test-boundary';
      return {
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        payload: Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="notes.txt"\r\nContent-Type: text/plain\r\n\r\n`,
          ),
          Buffer.alloc(bytes, 'a'),
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
      };
    };
    const atLimit = await gateway.inject({ method: 'POST', url: '/api/files', ...multipart(4096) });
    expect(atLimit.statusCode, atLimit.body).toBe(200);
    const upload = multipart(4096);
    expect(atLimit.json()).toEqual({ proxied: true, url: '/api/files', bytes: upload.payload.length });
    const far = await gateway.inject({ method: 'POST', url: '/api/files', ...multipart(4096 + 128 * 1024) });
    expect(far.statusCode).toBe(413);
    expect(far.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', meta: { limitBytes: 4096 } });
  });

  it('rate-limits an authenticated user per user with Retry-After', async () => {
    const token = await accessToken({}, 'usr_rate_limited');
    const statuses: number[] = [];
    let last = await gateway.inject({ method: 'GET', url: '/health' });
    for (let i = 0; i < 9; i++) {
      last = await gateway.inject({
        method: 'GET',
        url: '/api/chats',
        headers: { authorization: `Bearer ${token}` },
      });
      statuses.push(last.statusCode);
    }
    expect(statuses.slice(0, 8).every((status) => status === 200)).toBe(true);
    expect(last.statusCode).toBe(429);
    expect(last.json().error.code).toBe('RATE_LIMITED');
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    // Another user is unaffected.
    const other = await gateway.inject({
      method: 'GET',
      url: '/api/chats',
      headers: { authorization: `Bearer ${await accessToken({}, 'usr_other')}` },
    });
    expect(other.statusCode).toBe(200);
  });

  it('limits registrations per IP per hour', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await gateway.inject({
        method: 'POST',
        url: '/api/auth/register',
        payload: { email: `r${i}@example.test`, password: 'whatever-123' },
        remoteAddress: '10.1.2.3',
      });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('answers CORS preflights only for allowed origins', async () => {
    const allowed = await gateway.inject({
      method: 'OPTIONS',
      url: '/api/chats',
      headers: { origin: 'https://app.example.test', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.test');
    const denied = await gateway.inject({
      method: 'OPTIONS',
      url: '/api/chats',
      headers: { origin: 'https://evil.example.test', 'access-control-request-method': 'POST' },
    });
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
  });
});

/** A second gateway on the same stand-ins and Redis, with some settings changed. */
async function gatewayWith(overrides: Record<string, string>) {
  const app = await buildApp({
    env: parseEnv(gatewayEnvSchema, { ...gatewayEnv, ...overrides }),
    deps: { redis },
    logger: createLogger({ name: 'gateway', level: 'warn', stream: logs.stream }),
  });
  await app.ready();
  return app;
}

const getChats = (app: Awaited<ReturnType<typeof buildApp>>, token: string) =>
  app.inject({ method: 'GET', url: '/api/chats', headers: { authorization: `Bearer ${token}` } });

describe('account state and rate limits held in the process (issue 11)', () => {
  it('stops honouring a remembered account as soon as it is disabled, and again once re-enabled or its role changes', async () => {
    const app = await gatewayWith({ RATE_LIMIT_USER_PER_MIN: '100000' });
    const accounts = createDisabledUsers(redis, prefix);
    try {
      const token = await accessToken({}, 'usr_cached_account');
      expect((await getChats(app, token)).statusCode).toBe(200);
      await accounts.mark('usr_cached_account', true);
      // Refused promptly (lib/account-state-cache.int.test.ts shows it is the announcement, not the
      // remembered answer's expiry, that does it).
      const refused = await eventually(async () => {
        const response = await getChats(app, token);
        return response.statusCode === 401 && response;
      }, 500);
      expect(refused.json().error.message).toMatch(/disabled/);
      await accounts.mark('usr_cached_account', false);
      await eventually(async () => (await getChats(app, token)).statusCode === 200, 500);
      await accounts.recordRole('usr_cached_account', 'ADMIN');
      await eventually(async () => (await getChats(app, token)).statusCode === 401, 500);
    } finally {
      await app.close();
    }
  });

  it('signs a session out at once although its account was remembered', async () => {
    const app = await gatewayWith({ RATE_LIMIT_USER_PER_MIN: '100000' });
    try {
      const token = await accessToken({ sid: 'ses_cached' }, 'usr_cached_session');
      expect((await getChats(app, token)).statusCode).toBe(200);
      await createDisabledUsers(redis, prefix).revokeSessions(['ses_cached']);
      await eventually(async () => (await getChats(app, token)).statusCode === 401, 500);
      // Another session of the same user is not affected.
      expect(
        (await getChats(app, await accessToken({ sid: 'ses_other' }, 'usr_cached_session'))).statusCode,
      ).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('counts a busy user exactly on one replica: the 101st request of 100 a minute is refused', async () => {
    const app = await gatewayWith({
      RATE_LIMIT_USER_PER_MIN: '100',
      REDIS_PREFIX: uniqueRedisPrefix('gw-rate'),
    });
    try {
      const token = await accessToken({}, 'usr_busy_one');
      const statuses: number[] = [];
      for (let index = 0; index < 101; index++) statuses.push((await getChats(app, token)).statusCode);
      expect(statuses.slice(0, 100).every((status) => status === 200)).toBe(true);
      expect(statuses[100]).toBe(429);
    } finally {
      await app.close();
    }
  });

  it('lets two replicas together through no more than the limit plus one batch each (100 a minute: at most 108)', async () => {
    const shared = { RATE_LIMIT_USER_PER_MIN: '100', REDIS_PREFIX: uniqueRedisPrefix('gw-rate-shared') };
    const replicas = [await gatewayWith(shared), await gatewayWith(shared)];
    try {
      const token = await accessToken({}, 'usr_busy_two');
      let admitted = 0;
      for (let index = 0; index < 200; index++) {
        if ((await getChats(replicas[index % 2]!, token)).statusCode === 200) admitted += 1;
      }
      // A batch is 100 / 20 = 5 hits: each replica admits at most 4 on a count it has not synced.
      expect(admitted).toBeGreaterThanOrEqual(100);
      expect(admitted).toBeLessThanOrEqual(108);
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
    }
  });
});
