import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@vivier/db';
import { INTERNAL_TOKEN_HEADER } from '@vivier/service-kit';
import { uniqueEmail } from '@vivier/testkit';
import { startTestIdp, type TestIdp } from '@vivier/testkit/oidc-idp';
import { startTestAuthService } from '../test-support';
import { ownTestDatabase } from '../test-own-database';
import { signInThroughIdp } from './oidc-test-support';
import { REFRESH_COOKIE } from './refresh-cookie';

// A first OIDC sign-in is a registration: it follows the sign-up policy. The policy is one row
// for the deployment, so this file has a database of its own.
const database = ownTestDatabase('oidc_policy');
const PUBLIC_URL = 'http://localhost:3000';
let idp: TestIdp;
let service: Awaited<ReturnType<typeof startTestAuthService>>;
let db: ReturnType<typeof createPrismaClient>;

beforeAll(async () => {
  await database.use();
  idp = await startTestIdp({
    clients: [
      {
        clientId: 'vivier',
        clientSecret: 'idp-client-secret',
        redirectUris: [`${PUBLIC_URL}/api/auth/oidc/corp/callback`],
      },
    ],
  });
  service = await startTestAuthService({
    DATABASE_URL: database.url,
    PUBLIC_URL,
    FIRST_USER_BECOMES_ADMIN: 'true',
    OIDC_PROVIDERS: JSON.stringify([
      {
        id: 'corp',
        label: 'Corp',
        issuer: idp.issuer,
        clientId: 'vivier',
        clientSecret: 'idp-client-secret',
      },
    ]),
  });
  db = createPrismaClient(database.url);
});
afterAll(async () => {
  await service?.close();
  await idp?.close();
  await db?.$disconnect();
  await database.drop();
});

const signIn = (login: string) =>
  signInThroughIdp({ app: service.app, issuer: idp.issuer, publicUrl: PUBLIC_URL }, 'corp', login);
const setPolicy = async (policy: { mode: string; domains?: string[] }) => {
  const response = await service.app.inject({
    method: 'PUT',
    url: '/internal/signup-policy',
    payload: policy,
    headers: { [INTERNAL_TOKEN_HEADER]: service.env.INTERNAL_SERVICE_TOKEN },
  });
  expect(response.statusCode).toBe(200);
};
const ssoErrorOf = (response: { headers: Record<string, unknown> }) =>
  new URL(String(response.headers.location)).searchParams.get('sso_error');
const signedIn = (response: { cookies: Array<{ name: string; value: string }> }) =>
  response.cookies.some((cookie) => cookie.name === REFRESH_COOKIE && cookie.value !== '');

describe('a first OIDC sign-in under the sign-up policy', () => {
  it('makes the very first user an ADMIN, then refuses newcomers where sign-up is by invitation; known users still get in', async () => {
    const first = uniqueEmail('oidc-first');
    const founder = await signIn(first);
    expect(signedIn(founder.callback)).toBe(true);
    expect(await db.user.findUniqueOrThrow({ where: { email: first } })).toMatchObject({ role: 'ADMIN' });

    await setPolicy({ mode: 'invite' });
    const stranger = uniqueEmail('oidc-stranger');
    const refused = await signIn(stranger);
    expect(ssoErrorOf(refused.callback)).toBe('signup_closed');
    expect(signedIn(refused.callback)).toBe(false);
    expect(await db.user.count({ where: { email: stranger } })).toBe(0);

    expect(signedIn((await signIn(first)).callback)).toBe(true);

    // The only admin cannot be deleted (by themselves or an admin): nobody could administer.
    const founderId = (await db.user.findUniqueOrThrow({ where: { email: first } })).id;
    const lastAdmin = await service.app.inject({
      method: 'DELETE',
      url: `/internal/users/${founderId}`,
      headers: { [INTERNAL_TOKEN_HEADER]: service.env.INTERNAL_SERVICE_TOKEN },
    });
    expect(lastAdmin.statusCode).toBe(409);
    expect(lastAdmin.json().error.message).toMatch(/only admin/);
    expect(await db.user.count({ where: { id: founderId } })).toBe(1);
  });

  it('admits only the allowed domains, and creates pending accounts where admins approve', async () => {
    await setPolicy({ mode: 'domains', domains: ['allowed.test'] });
    const inside = `oidc-${Date.now()}@eu.allowed.test`;
    expect(signedIn((await signIn(inside)).callback)).toBe(true);
    const outside = `oidc-${Date.now()}@other.test`;
    expect(ssoErrorOf((await signIn(outside)).callback)).toBe('signup_closed');
    expect(await db.user.count({ where: { email: outside } })).toBe(0);

    await setPolicy({ mode: 'approval' });
    const waiting = uniqueEmail('oidc-pending');
    const pending = await signIn(waiting);
    expect(signedIn(pending.callback)).toBe(true);
    expect(await db.user.findUniqueOrThrow({ where: { email: waiting } })).toMatchObject({
      role: 'USER',
      pendingApproval: true,
    });
  });
});
