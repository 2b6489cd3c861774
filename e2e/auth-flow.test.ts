import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, tokenFromEmail, uniqueEmail, type SmtpSink } from '@vivier/testkit';
import { runNodeScript } from './run-script';
import { ROOT, type Stack } from '../scripts/lib/stack';
import { startTestStack } from './test-stack';

/**
 * Real processes: gateway + auth-service + an SMTP sink, talking over real HTTP, Postgres and
 * Redis. What a user's browser or curl would do, step by step.
 */
let stack: Stack;
let smtp: SmtpSink;
let base: string;

beforeAll(async () => {
  smtp = await startSmtpSink();
  stack = await startTestStack({
    label: 'e2e',
    smtpUrl: smtp.url,
    env: { REGISTER_LIMIT_PER_HOUR: '1000', LOG_LEVEL: 'info' },
  });
  base = stack.gateway.url;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await smtp?.close();
});

async function call(
  method: string,
  path: string,
  options: { body?: unknown; token?: string; cookie?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  const response = await fetch(base + path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}
const refreshCookie = (headers: Headers) =>
  headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith('vivier_refresh=') && !cookie.startsWith('vivier_refresh=;'))
    ?.split(';')[0];

describe('account lifecycle through the gateway', () => {
  it('register → email → verify → login → me → refresh → logout → refresh fails', async () => {
    const email = uniqueEmail('e2e');
    const password = 'Correct-Horse-9-Battery';
    const registered = await call('POST', '/api/auth/register', { body: { email, password, name: 'Grace' } });
    expect(registered.status).toBe(201);
    expect(registered.json.user.emailVerified).toBe(false);

    const mail = await smtp.waitFor((m) => m.to.includes(email));
    expect(mail.text).toContain(`${'http://localhost'}`);
    const verified = await call('POST', '/api/auth/verify-email', { body: { token: tokenFromEmail(mail) } });
    expect(verified.status).toBe(200);
    expect(verified.json.user.emailVerified).toBe(true);

    const login = await call('POST', '/api/auth/login', { body: { email, password } });
    expect(login.status).toBe(200);
    const cookie = refreshCookie(login.headers)!;
    expect(cookie).toBeTruthy();

    const me = await call('GET', '/api/auth/me', { token: login.json.accessToken });
    expect(me.status).toBe(200);
    expect(me.json.user).toMatchObject({ email, emailVerified: true, role: 'USER' });

    const refreshed = await call('POST', '/api/auth/refresh', { cookie });
    expect(refreshed.status).toBe(200);
    const nextCookie = refreshCookie(refreshed.headers)!;
    expect(nextCookie).not.toBe(cookie);
    expect((await call('GET', '/api/auth/me', { token: refreshed.json.accessToken })).status).toBe(200);

    expect((await call('POST', '/api/auth/logout', { cookie: nextCookie })).status).toBe(204);
    const after = await call('POST', '/api/auth/refresh', { cookie: nextCookie });
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe('UNAUTHENTICATED');
    expect(after.json.requestId).toBe(after.headers.get('x-request-id'));
  });

  it('reports auth-service ready through the gateway', async () => {
    const ready = await call('GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.json.checks['auth-service']).toBe('ok');
  });

  it('logs no password, token or key in any process', async () => {
    const email = uniqueEmail('e2e-logs');
    const password = 'Log-Scan-Pass-77';
    const registered = await call('POST', '/api/auth/register', { body: { email, password } });
    await call('POST', '/api/auth/login', { body: { email, password: 'Wrong-Pass-123' } });
    await call('GET', '/api/auth/me', { token: registered.json.accessToken });
    await call('GET', '/api/auth/me', { token: 'bogus.token.value' });
    const logs = stack.services.flatMap((service) => service.output).join('\n');
    expect(logs).toContain(registered.json.user.id);
    for (const secret of [
      password,
      'Wrong-Pass-123',
      registered.json.accessToken.split('.')[2],
      refreshCookie(registered.headers)!.split('=')[1],
    ]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toMatch(/PRIVATE KEY|\$argon2/);
  });

  it('passes the shared conformance checks for accounts', async () => {
    const script = join(ROOT, '..', 'shared', 'conformance', 'auth.mjs');
    if (!existsSync(script)) return; // only present beside the team's checkout
    const result = await runNodeScript(script, {
      cwd: ROOT,
      env: { ...process.env, VIVIER_URL: base },
      timeoutMs: 120_000,
    });
    expect(result.stdout).toMatch(/checks pass/);
    expect(result.status, result.stdout).toBe(0);
  }, 150_000);
});

describe('configuration errors', () => {
  it.each([
    ['auth-service', 'src/server.ts'],
    ['gateway', 'src/server.ts'],
    ['chat-service', 'src/server.ts'],
    ['admin-service', 'src/server.ts'],
    ['billing-service', 'src/server.ts'],
    ['provider-worker', 'src/main.ts'],
  ])(
    '%s started without a required variable exits non-zero naming it',
    (app, entry) => {
      const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'apps', app, entry)], {
        cwd: join(ROOT, 'apps', app),
        env: { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: 'postgresql://x@127.0.0.1/x' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(result.status).not.toBe(0);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/REDIS_URL/);
      expect(lines[0]).not.toContain('postgresql://x');
    },
    90_000,
  );
});
