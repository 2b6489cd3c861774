import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { parseEnv } from '@vivier/config';
import { OpenAiErrorBody, type ResolvedApiKey } from '@vivier/contracts';
import { createApiAccessMirror, createLogger } from '@vivier/service-kit';
import { captureLogs, eventually, testRedisUrl, uniqueRedisPrefix } from '@vivier/testkit';
import { gatewayEnvSchema } from './env';
import { buildApp } from './app';

/**
 * /v1 at the gateway against a stand-in upstream over real HTTP that plays auth-service's resolve
 * route (answers parsed with the contract, so a drift fails here) and echoes what reaches chat-service.
 * The real services and the `openai` SDK are in e2e/openai-api.test.ts.
 */
const INTERNAL_TOKEN = 'gateway-test-internal-token';
const VALID = 'vv-valid-key-0000000000000000000000000000000';
const known = new Map<string, ResolvedApiKey>([
  [VALID, { keyId: 'key_1', userId: 'usr_keyowner', accessToken: 'minted-access-token' }],
]);
let resolveCalls = 0;
const seen: Array<Record<string, unknown>> = [];

let upstream: FastifyInstance;
let redis: Redis;
let gateway: Awaited<ReturnType<typeof buildApp>>;
let baseEnv: Record<string, string>;

async function gatewayWith(overrides: Record<string, string>) {
  const app = await buildApp({
    env: parseEnv(gatewayEnvSchema, {
      ...baseEnv,
      REDIS_PREFIX: uniqueRedisPrefix('gateway-v1'),
      ...overrides,
    }),
    deps: { redis },
    logger: createLogger({ name: 'gateway', level: 'warn', stream: captureLogs().stream }),
  });
  await app.ready();
  return app;
}

beforeAll(async () => {
  upstream = Fastify();
  upstream.get('/ready', async () => ({ status: 'ready' }));
  upstream.get('/.well-known/jwks.json', async () => ({ keys: [] }));
  upstream.post('/internal/api-keys/resolve', async (request, reply) => {
    resolveCalls += 1;
    if (request.headers['x-internal-token'] !== INTERNAL_TOKEN) return reply.status(404).send({});
    const resolved = known.get((request.body as { secret: string }).secret);
    return resolved
      ? resolved
      : reply.status(401).send({ error: { code: 'UNAUTHENTICATED', message: 'no' } });
  });
  upstream.all('/v1/*', async (request) => {
    seen.push({ url: request.url, headers: request.headers });
    return { proxied: true, authorization: request.headers.authorization };
  });
  await upstream.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(upstream.server.address() as { port: number }).port}`;
  baseEnv = {
    NODE_ENV: 'test',
    REDIS_URL: testRedisUrl(),
    AUTH_JWKS_URL: `${url}/.well-known/jwks.json`,
    AUTH_SERVICE_URL: url,
    CHAT_SERVICE_URL: url,
    WEB_URL: url,
    INTERNAL_SERVICE_TOKEN: INTERNAL_TOKEN,
    BODY_LIMIT_BYTES: '2048',
    RATE_LIMIT_USER_PER_MIN: '1000',
  };
  redis = new Redis(testRedisUrl());
  gateway = await gatewayWith({});
});

afterAll(async () => {
  await gateway.close();
  await upstream.close();
  redis.disconnect();
});

const call = (
  app: FastifyInstance,
  secret: string | undefined,
  options: { ip?: string; url?: string; payload?: string } = {},
) =>
  app.inject({
    method: options.payload === undefined ? 'GET' : 'POST',
    url: options.url ?? '/v1/models',
    remoteAddress: options.ip ?? '10.1.0.1',
    headers: {
      ...(secret ? { authorization: `Bearer ${secret}` } : {}),
      ...(options.payload === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.payload === undefined ? {} : { payload: options.payload }),
  });

function openAiError(response: { statusCode: number; json: () => unknown }) {
  return OpenAiErrorBody.parse(response.json()).error;
}

describe('/v1 at the gateway', () => {
  it('forwards a valid key’s request with the owner’s access token instead of the key', async () => {
    seen.length = 0;
    const response = await call(gateway, VALID, { url: '/v1/chat/completions', payload: '{"model":"m"}' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ proxied: true, authorization: 'Bearer minted-access-token' });
    expect(JSON.stringify(seen)).not.toContain(VALID);
    expect(seen[0]?.headers).not.toHaveProperty('x-internal-token');
  });

  it('answers 401 in OpenAI’s shape for a missing or unknown key, proxying nothing', async () => {
    seen.length = 0;
    for (const secret of [undefined, 'vv-unknown', 'not-even-a-key']) {
      const response = await call(gateway, secret, { ip: '10.1.0.2' });
      expect(response.statusCode).toBe(401);
      expect(openAiError(response)).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key' });
    }
    expect(seen).toEqual([]);
  });

  it('answers 403 in OpenAI’s shape at once while an admin has turned the API off (the mirror admin-service writes)', async () => {
    const prefix = uniqueRedisPrefix('gateway-v1');
    const app = await gatewayWith({ REDIS_PREFIX: prefix });
    const mirror = createApiAccessMirror(redis, prefix);
    try {
      expect((await call(app, VALID)).statusCode).toBe(200);
      await mirror.mirror(false);
      const refused = await call(app, VALID);
      expect(refused.statusCode).toBe(403);
      expect(openAiError(refused)).toMatchObject({ type: 'permission_error', code: 'api_disabled' });
      // Someone without a key learns nothing about the switch.
      expect((await call(app, 'vv-unknown')).statusCode).toBe(401);
      await mirror.mirror(true);
      expect((await call(app, VALID)).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('trusts a resolved key for API_KEY_CACHE_SECONDS, then asks again: a revoked key stops working', async () => {
    const app = await gatewayWith({ API_KEY_CACHE_SECONDS: '1' });
    const secret = 'vv-soon-revoked-0000000000000000000000000000';
    known.set(secret, { keyId: 'key_2', userId: 'usr_other', accessToken: 't2' });
    try {
      const before = resolveCalls;
      expect((await call(app, secret)).statusCode).toBe(200);
      expect((await call(app, secret)).statusCode).toBe(200);
      expect(resolveCalls - before).toBe(1);
      known.delete(secret);
      await eventually(async () => (await call(app, secret)).statusCode === 401, 5_000);
    } finally {
      await app.close();
    }
  });

  it('refuses an address after API_KEY_FAILURES_PER_15_MIN bad keys, even with a good one, with Retry-After', async () => {
    const app = await gatewayWith({ API_KEY_FAILURES_PER_15_MIN: '3' });
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        expect((await call(app, `vv-guess-${attempt}`, { ip: '10.9.9.9' })).statusCode).toBe(401);
      }
      const refused = await call(app, VALID, { ip: '10.9.9.9' });
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(openAiError(refused)).toMatchObject({ code: 'rate_limit_exceeded' });
      expect((await call(app, VALID, { ip: '10.9.9.10' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('limits each key owner to RATE_LIMIT_USER_PER_MIN requests', async () => {
    const app = await gatewayWith({ RATE_LIMIT_USER_PER_MIN: '2' });
    try {
      expect((await call(app, VALID, { ip: '10.2.0.1' })).statusCode).toBe(200);
      expect((await call(app, VALID, { ip: '10.2.0.2' })).statusCode).toBe(200);
      const limited = await call(app, VALID, { ip: '10.2.0.3' });
      expect(limited.statusCode).toBe(429);
      expect(openAiError(limited).code).toBe('rate_limit_exceeded');
    } finally {
      await app.close();
    }
  });

  it('refuses a body over BODY_LIMIT_BYTES with 413 in OpenAI’s shape', async () => {
    const response = await call(gateway, VALID, {
      url: '/v1/chat/completions',
      payload: `"${'x'.repeat(3000)}"`,
    });
    expect(response.statusCode).toBe(413);
    expect(openAiError(response).type).toBe('invalid_request_error');
  });

  it('answers 503 in OpenAI’s shape when the gateway has no service token to check keys with', async () => {
    const { INTERNAL_SERVICE_TOKEN: _token, ...withoutToken } = baseEnv;
    const app = await buildApp({
      env: parseEnv(gatewayEnvSchema, { ...withoutToken, REDIS_PREFIX: uniqueRedisPrefix('gateway-v1') }),
      deps: { redis },
      logger: createLogger({ name: 'gateway', level: 'warn', stream: captureLogs().stream }),
    });
    try {
      const response = await call(app, VALID);
      expect(response.statusCode).toBe(503);
      expect(openAiError(response).type).toBe('server_error');
    } finally {
      await app.close();
    }
  });
});
