import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '@vivier/contracts';
import { captureLogs, createTestTokens, type TestTokens } from '@vivier/testkit';
import { createLogger } from './logger';
import { createService, type Service } from './create-service';
import { createTokenVerifier } from './token-verifier';
import { callerOf, requireRole } from './auth-plugin';
import { requireInternalToken } from './internal-auth';

let app: Service;
let tokens: TestTokens;
const logs = captureLogs();
let ready = true;

beforeAll(async () => {
  tokens = await createTestTokens();
  app = createService({
    name: 'kit-test',
    logger: createLogger({ name: 'kit-test', level: 'info', stream: logs.stream }),
    bodyLimit: 1024,
    verifier: createTokenVerifier({
      keySet: tokens.keySet,
      issuer: tokens.issuer,
      audience: tokens.audience,
    }),
    readiness: {
      dependency: async () => {
        if (!ready) throw new Error('down');
      },
    },
  });
  app.post(
    '/echo',
    { schema: { body: z.object({ name: z.string().min(1), age: z.number().int() }) } },
    async (request) => request.body,
  );
  app.get('/conflict', async () => {
    throw Object.assign(new Error('Unique constraint failed'), {
      name: 'PrismaClientKnownRequestError',
      code: 'P2002',
    });
  });
  // What `$queryRaw` throws through the pg driver adapter: P2010 with the adapter's reason.
  const rawQueryError = (cause: Record<string, unknown>) =>
    Object.assign(new Error('Raw query failed'), {
      name: 'PrismaClientKnownRequestError',
      code: 'P2010',
      meta: { driverAdapterError: { name: 'DriverAdapterError', cause } },
    });
  app.get('/raw-unreachable', async () => {
    throw rawQueryError({ kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 });
  });
  app.get('/raw-shutting-down', async () => {
    throw rawQueryError({ kind: 'postgres', code: '57P01', severity: 'FATAL', message: 'terminating' });
  });
  app.get('/raw-bad-column', async () => {
    throw rawQueryError({ kind: 'ColumnNotFound', column: 'nope' });
  });
  app.get('/missing', async () => {
    throw Object.assign(new Error('No record'), { name: 'PrismaClientKnownRequestError', code: 'P2025' });
  });
  app.get('/boom', async () => {
    throw new Error('database password is hunter2');
  });
  app.get('/quota', async () => {
    throw new AppError('QUOTA_EXCEEDED', 'Monthly allowance used up', { headers: { 'x-extra': '1' } });
  });
  app.get('/me', { preHandler: app.authenticate }, async (request) => ({ id: callerOf(request).id }));
  app.get('/admin', { preHandler: [app.authenticate, requireRole('ADMIN')] }, async () => ({ ok: true }));
  app.get('/internal/thing', { preHandler: requireInternalToken('s3cret-internal-token') }, async () => ({
    ok: true,
  }));
  await app.ready();
});
afterAll(() => app.close());

describe('the one error handler', () => {
  it('turns schema failures into 400 VALIDATION_FAILED with per-field details', async () => {
    const response = await app.inject({ method: 'POST', url: '/echo', payload: { age: 'x' } });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['age', 'name']);
    expect(body.requestId).toBe(response.headers['x-request-id']);
  });

  it('answers malformed JSON 400, oversized bodies 413, unknown routes 404, all in the envelope', async () => {
    const malformed = await app.inject({
      method: 'POST',
      url: '/echo',
      payload: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect([malformed.statusCode, malformed.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const big = await app.inject({
      method: 'POST',
      url: '/echo',
      payload: { name: 'x'.repeat(2000), age: 1 },
    });
    expect([big.statusCode, big.json().error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const unknown = await app.inject({ method: 'GET', url: '/nope' });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('maps Prisma unique violations to 409 and missing records to 404', async () => {
    expect((await app.inject({ method: 'GET', url: '/conflict' })).statusCode).toBe(409);
    expect((await app.inject({ method: 'GET', url: '/missing' })).statusCode).toBe(404);
  });

  it('answers 503 with the envelope when a raw query cannot reach the database, 500 for a broken query', async () => {
    for (const url of ['/raw-unreachable', '/raw-shutting-down']) {
      const response = await app.inject({ method: 'GET', url });
      expect([response.statusCode, response.json().error.code], url).toEqual([503, 'UPSTREAM_UNAVAILABLE']);
    }
    expect((await app.inject({ method: 'GET', url: '/raw-bad-column' })).statusCode).toBe(500);
  });

  it('hides unknown errors behind a generic 500 but logs them in full', async () => {
    const response = await app.inject({ method: 'GET', url: '/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.json().error).toEqual({
      code: 'INTERNAL',
      message: expect.not.stringContaining('hunter2'),
    });
    expect(logs.text()).toContain('hunter2');
  });

  it('sends AppError statuses and headers from the one table', async () => {
    const response = await app.inject({ method: 'GET', url: '/quota' });
    expect(response.statusCode).toBe(402);
    expect(response.headers['x-extra']).toBe('1');
  });
});

describe('auth', () => {
  it('accepts a valid token, refuses a missing one, and enforces roles', async () => {
    const user = await tokens.sign('usr_1');
    expect(
      (await app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${user}` } })).json(),
    ).toEqual({ id: 'usr_1' });
    expect((await app.inject({ method: 'GET', url: '/me' })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'GET', url: '/admin', headers: { authorization: `Bearer ${user}` } }))
        .statusCode,
    ).toBe(403);
    const admin = await tokens.sign('usr_2', { role: 'ADMIN' });
    expect(
      (await app.inject({ method: 'GET', url: '/admin', headers: { authorization: `Bearer ${admin}` } }))
        .statusCode,
    ).toBe(200);
  });

  it('refuses expired tokens and tokens from another key', async () => {
    const expired = await tokens.sign('usr_1', { expiresIn: '-1m' });
    expect(
      (await app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${expired}` } }))
        .statusCode,
    ).toBe(401);
    const foreign = await (await createTestTokens()).sign('usr_1');
    expect(
      (await app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${foreign}` } }))
        .statusCode,
    ).toBe(401);
  });

  it('hides internal routes (404) from callers without the service token', async () => {
    expect((await app.inject({ method: 'GET', url: '/internal/thing' })).statusCode).toBe(404);
    expect(
      (await app.inject({ method: 'GET', url: '/internal/thing', headers: { 'x-internal-token': 'wrong' } }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/internal/thing',
          headers: { 'x-internal-token': 's3cret-internal-token' },
        })
      ).statusCode,
    ).toBe(200);
  });
});

describe('operations endpoints', () => {
  it('reports readiness from its checks', async () => {
    expect((await app.inject({ method: 'GET', url: '/ready' })).json()).toEqual({
      status: 'ready',
      checks: { dependency: 'ok' },
    });
    ready = false;
    const down = await app.inject({ method: 'GET', url: '/ready' });
    ready = true;
    expect(down.statusCode).toBe(503);
    expect(down.json().checks.dependency).toBe('failing');
  });

  it('exposes Prometheus metrics including request durations by route', async () => {
    await app.inject({ method: 'GET', url: '/health' });
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/health"/);
    expect(metrics.body).toContain('process_cpu_user_seconds_total');
  });

  it('never logs authorization headers', async () => {
    const token = await tokens.sign('usr_logs');
    await app.inject({
      method: 'GET',
      url: '/me',
      headers: { authorization: `Bearer ${token}`, cookie: 'vivier_refresh=abc123secret' },
    });
    expect(logs.text()).not.toContain(token);
    expect(logs.text()).not.toContain('abc123secret');
  });
});
