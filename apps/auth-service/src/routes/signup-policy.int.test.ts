import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { createPrismaClient } from '@vivier/db';
import { INTERNAL_TOKEN_HEADER } from '@vivier/service-kit';
import { uniqueEmail } from '@vivier/testkit';
import { startTestAuthService } from '../test-support';
import { ownTestDatabase } from '../test-own-database';

// The sign-up policy is one row for the whole deployment, and "no admin yet" is a fact about the
// whole User table: this file gets a database of its own so no other test registers under its rules.
const database = ownTestDatabase('signup_test');
const ownDatabaseUrl = database.url;

type TestService = Awaited<ReturnType<typeof startTestAuthService>>;
let service: TestService;
let db: ReturnType<typeof createPrismaClient>;
const PASSWORD = 'Correct-Horse-9-Battery';

beforeAll(async () => {
  await database.use();
  service = await startTestAuthService({ DATABASE_URL: ownDatabaseUrl, FIRST_USER_BECOMES_ADMIN: 'true' });
  db = createPrismaClient(ownDatabaseUrl);
});
afterAll(async () => {
  await service.close();
  await db.$disconnect();
  await database.drop();
});

const internalHeaders = { [INTERNAL_TOKEN_HEADER]: 'test-internal-token-0123456789' };
const internal = (method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  service.app.inject({ method, url, payload, headers: internalHeaders });
const register = (email: string, extra: Record<string, string> = {}) =>
  service.app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: { email, password: PASSWORD, ...extra },
  });
const setPolicy = async (policy: object) => {
  const response = await internal('PUT', '/internal/signup-policy', policy);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};
const createInvite = async (body: object) => {
  const response = await internal('POST', '/internal/invites', { createdById: 'usr_admin', ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ url: string; invite: { id: string; status: string } }>();
};
const tokenOf = (url: string) => new URL(url).searchParams.get('invite')!;
const expectRefused = (
  response: { statusCode: number; json(): { error: { code: string } } },
  status: number,
  code: string,
) => {
  expect(response.statusCode).toBe(status);
  expect(response.json().error.code).toBe(code);
};

describe('the first user', () => {
  it('gets in whatever the policy and becomes ADMIN; the next one follows the policy', async () => {
    await setPolicy({ mode: 'invite' });
    const first = await register(uniqueEmail('first'));
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().user.role).toBe('ADMIN');
    expectRefused(await register(uniqueEmail('second')), 403, 'SIGNUP_CLOSED');
  });
});

describe('GET /api/auth/signup-policy (public)', () => {
  it('tells the register page the mode and the allowed domains, without a token', async () => {
    await setPolicy({ mode: 'domains', domains: ['Example.COM', '@team.test'] });
    const response = await service.app.inject({ method: 'GET', url: '/api/auth/signup-policy' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ mode: 'domains', domains: ['example.com', 'team.test'] });
  });
});

describe('the domains policy', () => {
  it('admits listed domains and their subdomains, case-insensitively, and nothing else', async () => {
    await setPolicy({ mode: 'domains', domains: ['example.com'] });
    const id = randomBytes(4).toString('hex');
    expect((await register(`ada-${id}@EXAMPLE.com`)).statusCode).toBe(201);
    expect((await register(`bob-${id}@eu.Example.com`)).statusCode).toBe(201);
    for (const email of [
      `eve-${id}@notexample.com`,
      `eve-${id}@example.com.evil.test`,
      `eve-${id}@other.test`,
    ]) {
      const refused = await register(email);
      expectRefused(refused, 403, 'SIGNUP_CLOSED');
      expect(refused.json().error.message).toContain('example.com');
    }
  });

  it('needs at least one valid domain', async () => {
    expect(
      (await internal('PUT', '/internal/signup-policy', { mode: 'domains', domains: [] })).statusCode,
    ).toBe(400);
    expect(
      (await internal('PUT', '/internal/signup-policy', { mode: 'domains', domains: ['https://x.test/'] }))
        .statusCode,
    ).toBe(400);
  });
});

describe('the invite-only policy', () => {
  it('refuses a sign-up without an invite and admits one with a link, once', async () => {
    await setPolicy({ mode: 'invite' });
    expectRefused(await register(uniqueEmail('uninvited')), 403, 'SIGNUP_CLOSED');

    const { url, invite } = await createInvite({ expiresInHours: 24 });
    expect(url).toMatch(/^http:\/\/localhost:3000\/register\?invite=[A-Za-z0-9_-]+$/);
    expect(invite.status).toBe('active');
    const stored = await db.invite.findUniqueOrThrow({ where: { id: invite.id } });
    expect(stored.tokenHash).not.toContain(tokenOf(url));

    const joined = await register(uniqueEmail('invited'), { invite: tokenOf(url) });
    expect(joined.statusCode, joined.body).toBe(201);
    expect(joined.json().user.role).toBe('USER');
    expectRefused(await register(uniqueEmail('again'), { invite: tokenOf(url) }), 400, 'INVALID_TOKEN');

    const listed = (await internal('GET', '/internal/invites')).json();
    expect(listed.items.find((item: { id: string }) => item.id === invite.id)).toMatchObject({
      status: 'used',
    });
  });

  it('refuses an expired, a revoked and an unknown invite, and one bound to another address', async () => {
    await setPolicy({ mode: 'invite' });
    const expired = await createInvite({ expiresInHours: 1 });
    await db.invite.update({
      where: { id: expired.invite.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expectRefused(
      await register(uniqueEmail('late'), { invite: tokenOf(expired.url) }),
      400,
      'INVALID_TOKEN',
    );

    const revoked = await createInvite({ expiresInHours: 1 });
    const revoke = await internal('DELETE', `/internal/invites/${revoked.invite.id}`);
    expect(revoke.json().after.status).toBe('revoked');
    expectRefused(
      await register(uniqueEmail('revoked'), { invite: tokenOf(revoked.url) }),
      400,
      'INVALID_TOKEN',
    );
    expectRefused(await register(uniqueEmail('forged'), { invite: 'a'.repeat(43) }), 400, 'INVALID_TOKEN');

    const bound = await createInvite({ expiresInHours: 1, email: 'Carol.Bound@Example.com' });
    expectRefused(
      await register(uniqueEmail('mallory'), { invite: tokenOf(bound.url) }),
      403,
      'SIGNUP_CLOSED',
    );
    // The failed attempt did not use it up: the right address, in any case, still gets in.
    expect((await register('carol.bound@EXAMPLE.com', { invite: tokenOf(bound.url) })).statusCode).toBe(201);
  });

  it('answers 404 for revoking an unknown invite', async () => {
    expect((await internal('DELETE', `/internal/invites/${newId('invite')}`)).statusCode).toBe(404);
  });
});

describe('the approval policy', () => {
  it('creates pending users who can log in and see their state, until an admin approves them', async () => {
    await setPolicy({ mode: 'approval' });
    const email = uniqueEmail('waiting');
    const registered = await register(email);
    expect(registered.statusCode).toBe(201);
    const { user, accessToken } = registered.json();
    expect(user.pendingApproval).toBe(true);

    const me = await service.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.pendingApproval).toBe(true);
    const verified = await service.app.tokenVerifier.verify(accessToken);
    expect(verified.pending).toBe(true);

    const login = await service.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const refreshCookie = login.cookies.find((cookie) => cookie.name === 'vivier_refresh')!.value;

    const approved = await internal('PATCH', `/internal/users/${user.id}`, { approved: true });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().before.pendingApproval).toBe(true);
    expect(approved.json().after.pendingApproval).toBeUndefined();

    const refreshed = await service.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: { cookie: `vivier_refresh=${refreshCookie}` },
    });
    expect(refreshed.statusCode).toBe(200);
    expect((await service.app.tokenVerifier.verify(refreshed.json().accessToken)).pending).toBeUndefined();
  });
});

describe('internal routes', () => {
  it('answer 404 without the service token', async () => {
    for (const [method, url] of [
      ['GET', '/internal/signup-policy'],
      ['PUT', '/internal/signup-policy'],
      ['GET', '/internal/invites'],
      ['POST', '/internal/invites'],
    ] as const) {
      expect((await service.app.inject({ method, url, payload: {} })).statusCode).toBe(404);
    }
  });
});
