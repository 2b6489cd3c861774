import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnv } from '@vivier/config';
import { createDisabledUsers, createLogger } from '@vivier/service-kit';
import { captureLogs, createTestTokens, testRedisUrl, uniqueRedisPrefix } from '@vivier/testkit';
import {
  accessMatrixFailures,
  assertRouteSurvivesBadInput,
  hostileAuthorizations,
  type AccessCase,
} from '@vivier/testkit/bad-input';
import { buildApp } from './app';
import { gatewayEnvSchema } from './env';
import { apiRoutes, isPublicRoute } from './lib/route-table';

/**
 * The gateway's own checks under bad input, against a stand-in upstream that records what reaches
 * it: every prefix of its route table with every method and every bad token is refused 401 before
 * anything is proxied (a disabled user's and a stale role's valid tokens too), /internal never
 * reaches an API service however it is spelled, and generated requests never get a 5xx.
 */
const PROPERTY_RUNS = 25;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const tokens = await createTestTokens();
const reached: string[] = [];
const reachedWeb: string[] = [];
// The stand-ins take any body as bytes, of any size the gateway lets through (uploads are bigger
// than the JSON limit): the gateway's answers are under test, not the stand-ins'.
const STAND_IN_BODY_LIMIT = 1024 * 1024 * 1024;
const upstream: FastifyInstance = Fastify({ bodyLimit: STAND_IN_BODY_LIMIT });
upstream.removeAllContentTypeParsers();
upstream.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
upstream.get('/.well-known/jwks.json', async () => tokens.jwks);
upstream.get('/ready', async () => ({ status: 'ready' }));
upstream.all('/*', async (request) => {
  reached.push(`${request.method} ${request.url}`);
  return { proxied: true };
});
await upstream.listen({ port: 0, host: '127.0.0.1' });
const web: FastifyInstance = Fastify({ bodyLimit: STAND_IN_BODY_LIMIT });
web.removeAllContentTypeParsers();
web.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
web.all('/*', async (request, reply) => {
  reachedWeb.push(`${request.method} ${request.url}`);
  return reply.type('text/html').send('<h1>web app</h1>');
});
await web.listen({ port: 0, host: '127.0.0.1' });
const upstreamUrl = `http://127.0.0.1:${(upstream.server.address() as { port: number }).port}`;
const prefix = uniqueRedisPrefix('gateway-bad-input');
const env = parseEnv(gatewayEnvSchema, {
  NODE_ENV: 'test',
  REDIS_URL: testRedisUrl(),
  REDIS_PREFIX: prefix,
  AUTH_JWKS_URL: `${upstreamUrl}/.well-known/jwks.json`,
  AUTH_SERVICE_URL: upstreamUrl,
  CHAT_SERVICE_URL: upstreamUrl,
  ADMIN_SERVICE_URL: upstreamUrl,
  BILLING_SERVICE_URL: upstreamUrl,
  WEB_URL: `http://127.0.0.1:${(web.server.address() as { port: number }).port}`,
  RATE_LIMIT_ANON_PER_MIN: '100000',
  RATE_LIMIT_USER_PER_MIN: '100000',
  REGISTER_LIMIT_PER_HOUR: '100000',
});
const redis = new Redis(env.REDIS_URL);
const gateway = await buildApp({
  env,
  deps: { redis },
  logger: createLogger({ name: 'gateway', level: 'warn', stream: captureLogs().stream }),
});
await gateway.ready();
afterAll(async () => {
  await gateway.close();
  await upstream.close();
  await web.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const httpRoutes = apiRoutes.filter((route) => !route.websocket);

describe('access matrix at the gateway', () => {
  it('every bad token is refused 401 on every prefix and method, and nothing reaches the upstream', async () => {
    const valid = await tokens.sign('usr_matrixuser000000000001');
    const expired = await tokens.sign('usr_matrixuser000000000001', {
      expiresIn: new Date(Date.now() - 60_000),
    });
    const authorizations = await hostileAuthorizations(valid, expired);
    const disabledUsers = createDisabledUsers(redis, prefix);
    await disabledUsers.mark('usr_disabled0000000000001', true);
    await disabledUsers.recordRole('usr_demoted00000000000001', 'USER');
    const extra = {
      'a disabled user': `Bearer ${await tokens.sign('usr_disabled0000000000001')}`,
      'a role that has changed since': `Bearer ${await tokens.sign('usr_demoted00000000000001', { role: 'ADMIN' })}`,
    };
    const cases: AccessCase[] = [];
    for (const route of httpRoutes) {
      for (const method of METHODS) {
        const path = `${route.prefix}/cht_0000000000000000000a`;
        if (isPublicRoute(method, path)) continue;
        for (const [label, authorization] of Object.entries({ ...authorizations, ...extra })) {
          cases.push({
            label: `${method} ${path} with ${label}`,
            request: {
              method,
              url: path,
              headers: {
                ...(authorization ? { authorization } : {}),
                ...(method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' }),
              },
              ...(method === 'GET' || method === 'DELETE' ? {} : { payload: '{}' }),
            },
            status: 401,
          });
        }
      }
    }
    const before = reached.length;
    expect(await accessMatrixFailures(gateway, cases)).toEqual([]);
    expect(reached.slice(before)).toEqual([]);
    expect(cases.length).toBe(httpRoutes.length * METHODS.length * (Object.keys(authorizations).length + 2));
    // The same requests with the valid token are proxied: the 401s were about the tokens.
    const proxied = await gateway.inject({
      method: 'GET',
      url: `${httpRoutes[0]!.prefix}/x`,
      headers: { authorization: `Bearer ${valid}` },
    });
    expect(proxied.statusCode).toBe(200);
    expect(reached.length).toBe(before + 1);
  });

  it('/internal never reaches a service however it is spelled: 404 from the gateway, or a web page', async () => {
    const serviceLooking = {
      'x-internal-token': 'guess',
      authorization: `Bearer ${await tokens.sign('usr_x', { role: 'ADMIN' })}`,
    };
    const spellings = [
      '/internal/users',
      '/internal/quota/usr_x',
      '/INTERNAL/users',
      '//internal/users',
      '/%69nternal/users',
      '/api/../internal/users',
      '/api/%2e%2e/internal/users',
      '/api/auth/../../internal/users',
      '/api/chats/..%2f..%2finternal/users',
      '/./internal/users',
      '/internal%2fusers',
    ];
    const before = reached.length;
    const answers: string[] = [];
    for (const url of spellings) {
      for (const method of METHODS) {
        const response = await gateway.inject({ method, url, headers: serviceLooking });
        if (response.statusCode >= 500) answers.push(`${method} ${url}: ${response.statusCode}`);
      }
    }
    expect(answers).toEqual([]);
    // No API service saw any of them (the web app's catch-all may render its own 404 page).
    expect(reached.slice(before)).toEqual([]);
    for (const url of ['/internal/users', '/internal/quota/usr_x', '/api/../internal/users']) {
      const response = await gateway.inject({ method: 'GET', url, headers: serviceLooking });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code, url).toBe('NOT_FOUND');
    }
  });
});

describe('property: generated requests through the gateway never get a 5xx, and every 4xx is the envelope', () => {
  for (const route of httpRoutes) {
    for (const method of ['GET', 'POST'] as const) {
      it(`${method} ${route.prefix}/… (${PROPERTY_RUNS} runs, with and without a token)`, async () => {
        const token = await tokens.sign('usr_propertyuser000000001');
        for (const headers of [{}, { authorization: `Bearer ${token}` }] as Array<Record<string, string>>) {
          await assertRouteSurvivesBadInput(
            gateway,
            { method, url: `${route.prefix}/:id` },
            { headers, ids: [], numRuns: PROPERTY_RUNS },
          );
        }
      });
    }
  }
});
