import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, exportSPKI, importJWK, type CryptoKey } from 'jose';
import { tokenFromEmail, uniqueEmail } from '@vivier/testkit';
import { startTestAuthService } from '../test-support';
import { REFRESH_COOKIE } from './auth';

type TestService = Awaited<ReturnType<typeof startTestAuthService>>;
let service: TestService;
const PASSWORD = 'Correct-Horse-9-Battery';

beforeAll(async () => {
  service = await startTestAuthService();
});
afterAll(async () => {
  await service.close();
});

function post(url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return service.app.inject({ method: 'POST', url, payload: payload as object, headers });
}
function refreshCookieOf(response: { cookies: Array<{ name: string; value: string }> }) {
  return response.cookies.find((cookie) => cookie.name === REFRESH_COOKIE)?.value;
}
async function register(email = uniqueEmail('user'), password = PASSWORD) {
  const response = await post('/api/auth/register', { email, password, name: 'Ada' });
  expect(response.statusCode).toBe(201);
  return { email, password, response, body: response.json(), refreshToken: refreshCookieOf(response)! };
}
const me = (token: string) =>
  service.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
const refreshWithCookie = (token: string) =>
  post('/api/auth/refresh', undefined, { cookie: `${REFRESH_COOKIE}=${token}` });

describe('register', () => {
  it('creates a USER, answers with a session and sets an httpOnly SameSite=Lax refresh cookie', async () => {
    const { body, response, email } = await register();
    expect(body.user).toMatchObject({ email, name: 'Ada', role: 'USER', emailVerified: false });
    expect(body.user.id).toMatch(/^usr_/);
    expect(body.user).not.toHaveProperty('passwordHash');
    const cookie = response.cookies.find((c) => c.name === REFRESH_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/auth', secure: true });
    expect((await me(body.accessToken)).json().user.email).toBe(email);
  });

  it('treats emails case-insensitively: the same address in other case is a 409', async () => {
    const { email } = await register();
    const again = await post('/api/auth/register', {
      email: email.toUpperCase(),
      password: 'Another-Pass-77',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('EMAIL_TAKEN');
  });

  it('refuses bad input with the envelope, per-field details and the request id', async () => {
    const missing = await post('/api/auth/register', {});
    expect(missing.statusCode).toBe(400);
    const body = missing.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['email', 'password']);
    expect(body.requestId).toBe(missing.headers['x-request-id']);

    const malformed = await service.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: '{"email": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('enforces 8–128 characters, refuses common passwords and NUL characters', async () => {
    for (const password of ['short', 'x'.repeat(129), 'password123', 'Qwertyuiop', 'ok-but-has\u0000nul']) {
      const response = await post('/api/auth/register', { email: uniqueEmail('pw'), password });
      expect(response.statusCode, password).toBe(400);
      expect(response.json().error.details[0].path).toBe('password');
    }
  });

  it('sends a verification email whose link verifies the address once', async () => {
    const { email, body } = await register();
    const mail = await service.smtp.waitFor((m) => m.to.includes(email));
    expect(mail.subject).toMatch(/confirm/i);
    expect(mail.html).toContain('verify-email?token=');
    const token = tokenFromEmail(mail);
    const verified = await post('/api/auth/verify-email', { token });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().user.emailVerified).toBe(true);
    expect((await me(body.accessToken)).json().user.emailVerified).toBe(true);
    const reused = await post('/api/auth/verify-email', { token });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().error.code).toBe('INVALID_TOKEN');
  });
});

describe('login', () => {
  it('logs in with the right password, in any email case', async () => {
    const { email } = await register();
    const response = await post('/api/auth/login', { email: email.toUpperCase(), password: PASSWORD });
    expect(response.statusCode).toBe(200);
    expect(response.json().user.email).toBe(email);
    expect(refreshCookieOf(response)).toBeTruthy();
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const { email } = await register();
    const wrong = await post('/api/auth/login', { email, password: 'not-the-password' });
    const unknown = await post('/api/auth/login', {
      email: uniqueEmail('ghost'),
      password: 'not-the-password',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error).toEqual(wrong.json().error);
  });

  it('refuses the 6th attempt after 5 failures with 429 and Retry-After, even with the right password', async () => {
    const { email } = await register();
    const statuses = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      statuses.push(
        (await post('/api/auth/login', { email, password: `wrong-guess-${attempt}` })).statusCode,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const sixth = await post('/api/auth/login', { email, password: PASSWORD });
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(sixth.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // Another IP is not locked out by someone else's failures.
    const otherIp = await service.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: PASSWORD },
      remoteAddress: '10.9.8.7',
    });
    expect(otherIp.statusCode).toBe(200);
  });
});

describe('access tokens', () => {
  it('are ES256 with a kid published in the JWKS', async () => {
    const { body } = await register();
    const header = JSON.parse(Buffer.from(body.accessToken.split('.')[0], 'base64url').toString());
    expect(header.alg).toBe('ES256');
    const jwks = (await service.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json();
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toContain(header.kid);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('refuses tampered, alg:none, HS256-with-the-public-key, expired and foreign tokens with 401', async () => {
    const { body } = await register();
    const [header, payload, signature] = body.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const publicPem = await exportSPKI(
      (await importJWK(service.deps.signingKey.publicJwk, 'ES256', { extractable: true })) as CryptoKey,
    );
    const forged = [
      `${header}.${encode({ ...claims, role: 'ADMIN' })}.${signature}`,
      `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims, role: 'ADMIN' })}.`,
      await new SignJWT({ ...claims, role: 'ADMIN' })
        .setProtectedHeader({ alg: 'HS256', kid: service.deps.signingKey.kid })
        .sign(new TextEncoder().encode(publicPem)),
      await new SignJWT({ role: 'USER', sid: 'ses_x', emailVerified: false })
        .setProtectedHeader({ alg: 'ES256', kid: service.deps.signingKey.kid })
        .setSubject(claims.sub)
        .setIssuer('vivier')
        .setAudience('vivier')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(service.deps.signingKey.privateKey),
      'not-a-token',
    ];
    for (const token of forged) {
      const response = await me(token);
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('UNAUTHENTICATED');
    }
    expect((await me(body.accessToken)).statusCode).toBe(200);
  });
});

describe('refresh tokens', () => {
  it('rotate on every use; a reused one is refused and revokes the newer one of its family', async () => {
    const { refreshToken: first } = await register();
    const rotated = await refreshWithCookie(first);
    expect(rotated.statusCode).toBe(200);
    const second = refreshCookieOf(rotated)!;
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    expect((await me(rotated.json().accessToken)).statusCode).toBe(200);

    const replay = await refreshWithCookie(first);
    expect(replay.statusCode).toBe(401);
    expect((await refreshWithCookie(second)).statusCode).toBe(401);
  });

  it('accept the token in the body for API clients and return its successor there', async () => {
    const { refreshToken } = await register();
    const response = await post('/api/auth/refresh', { refreshToken });
    expect(response.statusCode).toBe(200);
    const next = response.json().refreshToken;
    expect(next).toBeTruthy();
    expect((await post('/api/auth/refresh', { refreshToken: next })).statusCode).toBe(200);
  });

  it('stop working after logout', async () => {
    const { refreshToken } = await register();
    const logout = await post('/api/auth/logout', undefined, { cookie: `${REFRESH_COOKIE}=${refreshToken}` });
    expect(logout.statusCode).toBe(204);
    expect((await refreshWithCookie(refreshToken)).statusCode).toBe(401);
  });

  it('are refused for an unknown or missing token', async () => {
    expect((await refreshWithCookie('made-up')).statusCode).toBe(401);
    expect((await post('/api/auth/refresh')).statusCode).toBe(401);
  });
});

describe('password reset', () => {
  it('answers the same for known and unknown emails and only mails the known one', async () => {
    const { email, refreshToken } = await register();
    const known = await post('/api/auth/forgot-password', { email });
    const unknownEmail = uniqueEmail('nobody');
    const unknown = await post('/api/auth/forgot-password', { email: unknownEmail });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.json()).toEqual(known.json());

    const mail = await service.smtp.waitFor((m) => m.to.includes(email) && /reset/i.test(m.subject));
    const token = tokenFromEmail(mail);
    const reset = await post('/api/auth/reset-password', { token, password: 'A-brand-new-pass-42' });
    expect(reset.statusCode).toBe(200);
    // Old password out, new one in, old sessions ended, link single-use.
    expect((await post('/api/auth/login', { email, password: PASSWORD })).statusCode).toBe(401);
    expect((await post('/api/auth/login', { email, password: 'A-brand-new-pass-42' })).statusCode).toBe(200);
    expect((await refreshWithCookie(refreshToken)).statusCode).toBe(401);
    expect(
      (await post('/api/auth/reset-password', { token, password: 'Yet-another-pass-43' })).statusCode,
    ).toBe(400);
    expect(service.smtp.emails.some((m) => m.to.includes(unknownEmail))).toBe(false);
  });
});

describe('internal users API', () => {
  const internal = { 'x-internal-token': 'test-internal-token-0123456789' };

  it('is invisible without the service token', async () => {
    const { body } = await register();
    const response = await service.app.inject({ method: 'GET', url: `/internal/users/${body.user.id}` });
    expect(response.statusCode).toBe(404);
  });

  it('lists users newest first, searchable by email or name, with a cursor that visits each once', async () => {
    const tag = `list${Date.now()}`;
    for (let i = 0; i < 3; i++) await register(uniqueEmail(`${tag}-${i}`));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ email: string }>; nextCursor: string | null } = (
        await service.app.inject({
          method: 'GET',
          url: `/internal/users?q=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          headers: internal,
        })
      ).json();
      seen.push(...page.items.map((user: { email: string }) => user.email));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(3);
    expect(seen[0]).toContain(`${tag}-2`);
    expect(new Set(seen).size).toBe(3);
    const bad = await service.app.inject({
      method: 'GET',
      url: '/internal/users?cursor=garbage',
      headers: internal,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('disabling a user ends their sessions and blocks login', async () => {
    const { body, email, refreshToken } = await register();
    const patched = await service.app.inject({
      method: 'PATCH',
      url: `/internal/users/${body.user.id}`,
      payload: { disabled: true },
      headers: internal,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().after.disabled).toBe(true);
    expect((await refreshWithCookie(refreshToken)).statusCode).toBe(401);
    const login = await post('/api/auth/login', { email, password: PASSWORD });
    expect(login.statusCode).toBe(403);
    expect(login.json().error.code).toBe('ACCOUNT_DISABLED');
    // Mirrored for the gateway, which then refuses the still-unexpired access token.
    expect(await service.deps.redis.exists(`${service.env.REDIS_PREFIX}disabled-user:${body.user.id}`)).toBe(
      1,
    );
    await service.app.inject({
      method: 'PATCH',
      url: `/internal/users/${body.user.id}`,
      payload: { disabled: false },
      headers: internal,
    });
    expect(await service.deps.redis.exists(`${service.env.REDIS_PREFIX}disabled-user:${body.user.id}`)).toBe(
      0,
    );
    expect((await post('/api/auth/login', { email, password: PASSWORD })).statusCode).toBe(200);
  });
});

describe('role changes', () => {
  const internal = { 'x-internal-token': 'test-internal-token-0123456789' };

  it('keep the sessions and hand out the new role on the next refresh, mirrored for the gateway', async () => {
    const { body, refreshToken } = await register();
    expect(body.user.role).toBe('USER');
    const patched = await service.app.inject({
      method: 'PATCH',
      url: `/internal/users/${body.user.id}`,
      payload: { role: 'ADMIN' },
      headers: internal,
    });
    expect(patched.statusCode).toBe(200);
    expect(await service.deps.redis.get(`${service.env.REDIS_PREFIX}user-role:${body.user.id}`)).toBe(
      'ADMIN',
    );
    const refreshed = await refreshWithCookie(refreshToken);
    expect(refreshed.statusCode).toBe(200);
    const [, claims] = refreshed.json().accessToken.split('.');
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString()).role).toBe('ADMIN');
  });
});

describe('logs', () => {
  it('never contain a password, token or key', async () => {
    const { body, refreshToken, email } = await register();
    await post('/api/auth/login', { email, password: PASSWORD });
    await post('/api/auth/login', { email, password: 'wrong-password-here' });
    await refreshWithCookie(refreshToken);
    await me(body.accessToken);
    const logged = service.logs.text();
    expect(logged).toContain(body.user.id);
    for (const secret of [
      PASSWORD,
      'wrong-password-here',
      refreshToken,
      body.accessToken,
      body.accessToken.split('.')[2],
    ]) {
      expect(logged).not.toContain(secret);
    }
    expect(logged).not.toMatch(/PRIVATE KEY|\$argon2/);
  });
});

describe('REQUIRE_EMAIL_VERIFICATION=true', () => {
  it('makes login wait for verification', async () => {
    const strict = await startTestAuthService({ REQUIRE_EMAIL_VERIFICATION: 'true' });
    try {
      const email = uniqueEmail('strict');
      await strict.app.inject({
        method: 'POST',
        url: '/api/auth/register',
        payload: { email, password: PASSWORD },
      });
      const before = await strict.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: PASSWORD },
      });
      expect(before.statusCode).toBe(403);
      expect(before.json().error.code).toBe('EMAIL_NOT_VERIFIED');
      const token = tokenFromEmail(await strict.smtp.waitFor((m) => m.to.includes(email)));
      await strict.app.inject({ method: 'POST', url: '/api/auth/verify-email', payload: { token } });
      const after = await strict.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: PASSWORD },
      });
      expect(after.statusCode).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('an email with a NUL character', () => {
  it('is refused with 400 by login, resend-verification and forgot-password (never a 500 from the database)', async () => {
    for (const [url, payload] of [
      ['/api/auth/login', { email: 'a\u0000@example.test', password: PASSWORD }],
      ['/api/auth/resend-verification', { email: '\u0000' }],
      ['/api/auth/forgot-password', { email: '\u0000' }],
    ] as const) {
      const response = await post(url, payload);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.code, url).toBe('VALIDATION_FAILED');
    }
  });
});
