import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { eventually, testDatabaseUrl, testRedisUrl, uniqueEmail, uniqueRedisPrefix } from '@vivier/testkit';
import { startTestIdp, type TestIdp } from '@vivier/testkit/oidc-idp';
import { onProviderSettingsChanged } from '@vivier/providers';
import { startTestAuthService } from '../test-support';
import { REFRESH_COOKIE } from './refresh-cookie';
import { signInThroughIdp } from './oidc-test-support';
// A fixture admin-service exports (its real endpoint on the test database), so a change to its
// contract fails this test too. Apps never import each other's code, fixtures for tests excepted.
// eslint-disable-next-line no-restricted-imports
import { startSsoGroupsFixture } from '@vivier/admin-service/fixtures/sso-groups';

const PUBLIC_URL = 'http://localhost:3000';
const INTERNAL = { 'x-internal-token': 'test-internal-token-0123456789' };
const callbackOf = (id: string) => `${PUBLIC_URL}/api/auth/oidc/${id}/callback`;
const suffix = newId('request').slice(-8);

let idp: TestIdp;
let admin: Awaited<ReturnType<typeof startSsoGroupsFixture>>;
let service: Awaited<ReturnType<typeof startTestAuthService>>;
/** Claims per IdP login, read by the IdP at each sign-in: a test changes them between sign-ins. */
const idpClaims: Record<string, Record<string, unknown>> = {};
const group = { engineering: '', finance: '', manual: '' };

/** Group and GroupMember belong to admin-service: the test sets them up in SQL, as a fixture. */
async function createGroup(name: string): Promise<string> {
  const id = newId('group');
  await service.deps.db.$queryRaw`
    INSERT INTO "Group" ("id", "name", "updatedAt") VALUES (${id}, ${name}, now()) RETURNING "id"`;
  return id;
}
async function groupsOf(userId: string): Promise<string[]> {
  const rows = await service.deps.db.$queryRaw<Array<{ groupId: string }>>`
    SELECT "groupId" FROM "GroupMember" WHERE "userId" = ${userId} ORDER BY "groupId"`;
  return rows.map((row) => row.groupId);
}

beforeAll(async () => {
  idp = await startTestIdp({
    clients: [
      {
        clientId: 'vivier',
        clientSecret: 'idp-client-secret',
        redirectUris: [callbackOf('env-mapped'), callbackOf('admin-mapped')],
      },
    ],
    claims: idpClaims,
  });
  const redisPrefix = uniqueRedisPrefix('auth');
  admin = await startSsoGroupsFixture({
    databaseUrl: testDatabaseUrl(),
    redisUrl: testRedisUrl(),
    redisPrefix,
    internalToken: INTERNAL['x-internal-token'],
  });
  service = await startTestAuthService({
    PUBLIC_URL,
    OIDC_PROVIDERS: '[]',
    REDIS_PREFIX: redisPrefix,
    ADMIN_SERVICE_URL: admin.url,
  });
  group.engineering = await createGroup(`Engineering ${suffix}`);
  group.finance = await createGroup(`Finance ${suffix}`);
  group.manual = await createGroup(`Hand-picked ${suffix}`);
  // An admin-made provider whose mapping names groups by id, with a custom claim name.
  const created = await service.app.inject({
    method: 'POST',
    url: '/internal/oidc-providers',
    headers: INTERNAL,
    payload: {
      id: 'admin-mapped',
      label: 'Mapped IdP',
      issuer: idp.issuer,
      clientId: 'vivier',
      clientSecret: 'idp-client-secret',
      groupsClaim: 'groups',
      groupMapping: [
        { value: 'eng', group: group.engineering },
        { value: 'platform', group: group.engineering },
        { value: 'fin', group: group.finance },
      ],
    },
  });
  expect(created.statusCode).toBe(200);
  expect(created.json().after.groupMapping).toHaveLength(3);
});
afterAll(async () => {
  await service?.close();
  await admin?.close();
  await idp?.close();
});

async function signInAs(providerId: string, login: string): Promise<string> {
  const { callback } = await signInThroughIdp(
    { app: service.app, issuer: idp.issuer, publicUrl: PUBLIC_URL },
    providerId,
    login,
  );
  expect(callback.headers.location).toBe(`${PUBLIC_URL}/chat`);
  expect(callback.cookies.some((cookie) => cookie.name === REFRESH_COOKIE)).toBe(true);
  const user = await service.deps.db.user.findUniqueOrThrow({ where: { email: login } });
  return user.id;
}

describe('IdP groups claim → Vivier groups', () => {
  it('makes a user with the claim a member at first sign-in, and follows the claim at each later one', async () => {
    const login = uniqueEmail('sso-groups');
    idpClaims[login] = { groups: ['eng', 'fin', 'unmapped-value'] };
    const userId = await signInAs('admin-mapped', login);
    expect(await groupsOf(userId)).toEqual([group.engineering, group.finance].sort());

    // An admin adds them to a group the mapping does not name: sign-ins leave it alone.
    await service.deps.db.$queryRaw`
      INSERT INTO "GroupMember" ("groupId", "userId") VALUES (${group.manual}, ${userId}) RETURNING "userId"`;

    // Moved out of finance at the IdP; still in engineering through another mapped value.
    idpClaims[login] = { groups: ['platform'] };
    await signInAs('admin-mapped', login);
    expect(await groupsOf(userId)).toEqual([group.engineering, group.manual].sort());

    // No groups claim at all: out of every mapped group, the hand-picked one stays.
    idpClaims[login] = {};
    await signInAs('admin-mapped', login);
    expect(await groupsOf(userId)).toEqual([group.manual]);
  });

  it('audits each change with the user as the actor, and writes nothing when nothing changes', async () => {
    const login = uniqueEmail('sso-groups-audit');
    idpClaims[login] = { groups: ['fin'] };
    const userId = await signInAs('admin-mapped', login);
    await signInAs('admin-mapped', login);
    idpClaims[login] = { groups: [] };
    await signInAs('admin-mapped', login);
    const rows = await service.deps.db.$queryRaw<
      Array<{ actorId: string; action: string; before: unknown; after: unknown }>
    >`
      SELECT "actorId", "action", "before", "after" FROM "AuditLog"
      WHERE "targetId" = ${userId} ORDER BY "createdAt", "id"`;
    expect(rows).toEqual([
      {
        actorId: userId,
        action: 'user.groups.sso',
        before: { provider: 'admin-mapped', claim: 'groups', removedGroupIds: [] },
        after: { provider: 'admin-mapped', claim: 'groups', addedGroupIds: [group.finance] },
      },
      {
        actorId: userId,
        action: 'user.groups.sso',
        before: { provider: 'admin-mapped', claim: 'groups', removedGroupIds: [group.finance] },
        after: { provider: 'admin-mapped', claim: 'groups', addedGroupIds: [] },
      },
    ]);
  });

  it('announces the change so model-access caches drop memberships at once', async () => {
    const subscriber = new Redis(testRedisUrl());
    const heard: number[] = [];
    try {
      await onProviderSettingsChanged(subscriber, service.env.REDIS_PREFIX, () => heard.push(Date.now()));
      const login = uniqueEmail('sso-groups-announce');
      idpClaims[login] = { groups: ['eng'] };
      await signInAs('admin-mapped', login);
      await eventually(async () => heard.length > 0);
    } finally {
      subscriber.disconnect();
    }
  });
});

describe('a provider from OIDC_PROVIDERS', () => {
  it('maps a custom claim to groups named in the environment', async () => {
    const scoped = await startTestAuthService({
      PUBLIC_URL,
      ADMIN_SERVICE_URL: admin.url,
      OIDC_PROVIDERS: JSON.stringify([
        {
          id: 'env-mapped',
          label: 'Env IdP',
          issuer: idp.issuer,
          clientId: 'vivier',
          clientSecret: 'idp-client-secret',
          groupsClaim: 'roles',
          groupMapping: [{ value: 'accountant', group: `Finance ${suffix}` }],
        },
      ]),
    });
    try {
      const login = uniqueEmail('sso-env-groups');
      idpClaims[login] = { roles: 'accountant', groups: ['eng'] };
      const { callback } = await signInThroughIdp(
        { app: scoped.app, issuer: idp.issuer, publicUrl: PUBLIC_URL },
        'env-mapped',
        login,
      );
      expect(callback.headers.location).toBe(`${PUBLIC_URL}/chat`);
      const user = await scoped.deps.db.user.findUniqueOrThrow({ where: { email: login } });
      expect(await groupsOf(user.id)).toEqual([group.finance]);
    } finally {
      await scoped.close();
    }
  });
});

describe('when admin-service cannot update the groups', () => {
  const mappedProvider = (adminUrl?: string) =>
    startTestAuthService({
      PUBLIC_URL,
      ...(adminUrl ? { ADMIN_SERVICE_URL: adminUrl } : {}),
      OIDC_PROVIDERS: JSON.stringify([
        {
          id: 'env-mapped',
          label: 'Env IdP',
          issuer: idp.issuer,
          clientId: 'vivier',
          clientSecret: 'idp-client-secret',
          groupMapping: [{ value: 'fin', group: `Finance ${suffix}` }],
        },
      ]),
    });

  for (const [situation, adminUrl] of [
    ['unreachable', 'http://127.0.0.1:9'],
    ['not configured', undefined],
  ] as const) {
    it(`sends the browser back to the login page, with no session, when admin-service is ${situation}`, async () => {
      const scoped = await mappedProvider(adminUrl);
      try {
        const login = uniqueEmail('sso-groups-down');
        idpClaims[login] = { groups: ['fin'] };
        const { callback } = await signInThroughIdp(
          { app: scoped.app, issuer: idp.issuer, publicUrl: PUBLIC_URL },
          'env-mapped',
          login,
        );
        expect(callback.statusCode).toBe(303);
        expect(callback.headers.location).toBe(`${PUBLIC_URL}/login?sso_error=groups_unavailable`);
        expect(callback.cookies.some((cookie) => cookie.name === REFRESH_COOKIE)).toBe(false);
        const user = await scoped.deps.db.user.findUniqueOrThrow({ where: { email: login } });
        expect(await scoped.deps.db.refreshToken.count({ where: { userId: user.id } })).toBe(0);
        expect(await groupsOf(user.id)).toEqual([]);
      } finally {
        await scoped.close();
      }
    });
  }
});
