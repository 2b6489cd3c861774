import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { registeredRoutes } from '@vivier/service-kit';
import {
  accessMatrixFailures,
  accessOf,
  assertRouteSurvivesBadInput,
  hostileAuthorizations,
  wellFormedRequest,
  type AccessCase,
  type RouteShape,
} from '@vivier/testkit/bad-input';
// chat-service's own fixture for the env providers it lists (apps import no app, fixtures for tests excepted).
// eslint-disable-next-line no-restricted-imports
import { startEnvProvidersFixture } from '@vivier/chat-service/fixtures/env-providers';
import { startBillingStandIn } from '@vivier/service-fixtures/billing-service';
import { startTestAdminService, TEST_INTERNAL_TOKEN } from './test-support';

/**
 * Bad input, generated rather than hand-picked, against every route admin-service registers:
 * property tests from the routes' zod schemas as an ADMIN (so input reaches the handlers), and
 * the access matrix (bad tokens → 401, a USER → 403, unknown or malformed ids → 404).
 */
const PROPERTY_RUNS = 40;

const billing = await startBillingStandIn(TEST_INTERNAL_TOKEN);
const chat = await startEnvProvidersFixture({
  providerEnv: { GOOGLE_API_KEY: 'never-called' },
  internalToken: TEST_INTERNAL_TOKEN,
});
// No DNS from generated provider URLs: every name is unknown, so a probe is refused at once.
const service = await startTestAdminService({
  env: { BILLING_SERVICE_URL: billing.url, CHAT_SERVICE_URL: chat.url },
  resolveHost: async () => [],
});
afterAll(async () => {
  await service.close();
  await billing.close();
  await chat.close();
});

const routes: RouteShape[] = [...registeredRoutes(service.app)];
const apiRoutes = routes.filter((route) => route.url.startsWith('/api/'));

let badInputMcpServerId: string | undefined;

async function idsOf() {
  const user = service.auth.addUser();
  const plan = billing.addPlan();
  const group = await service.db.group.create({
    data: { id: newId('group'), name: `Bad input ${newId('request')}` },
  });
  const invite = (
    await service.app.inject({
      method: 'POST',
      url: '/api/admin/invites',
      payload: { expiresInHours: 1 },
      headers: { authorization: `Bearer ${(await service.signedInAdmin()).token}` },
    })
  ).json<{ invite: { id: string } }>();
  const oidcProvider = `idp-${Math.random().toString(36).slice(2, 10)}`;
  service.auth.identity.providers.set(oidcProvider, {
    id: oidcProvider,
    label: 'IdP',
    issuer: 'https://idp.example.com',
    clientId: 'vivier',
    hasClientSecret: true,
    allowLinking: false,
    adminClaim: null,
    adminValue: null,
    groupsClaim: 'groups',
    groupMapping: [],
    enabled: true,
    source: 'admin',
  });
  const preset = await service.db.publishedPreset.create({
    data: {
      id: newId('preset'),
      name: 'Bad input',
      provider: 'openai',
      model: 'gpt-4o',
      createdById: user.id,
    },
  });
  // One server for the whole file: the registry holds at most MAX_MCP_SERVERS, shared by every test file.
  badInputMcpServerId ??= (
    await service.db.mcpServer.create({
      data: {
        id: newId('mcpServer'),
        label: 'Bad input',
        transport: 'http',
        url: 'https://tools.example.com/mcp',
      },
    })
  ).id;
  const owner = await service.db.user.create({
    data: { id: newId('user'), email: `${newId('request')}@bad-input.test`, passwordHash: 'x' },
  });
  const knowledgeBase = await service.db.knowledgeBase.create({
    data: { id: newId('knowledgeBase'), name: 'Bad input', userId: owner.id },
  });
  return {
    'mcp-servers': badInputMcpServerId,
    knowledge: knowledgeBase.id,
    presets: preset.id,
    users: user.id,
    plans: plan.id,
    'oidc-providers': oidcProvider,
    groups: group.id,
    invites: invite.invite.id,
    // A kind no other test file's services configure: generated access lists written to it disturb none.
    'env-providers': 'google',
  } as Record<string, string>;
}

function paramsFor(route: RouteShape, ids: Record<string, string>): Record<string, string> {
  const resource = route.url.split('/')[3] ?? '';
  const names = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1]!);
  const id = ids[resource];
  if (names.length > 0 && id === undefined) throw new Error(`no id for ${route.method} ${route.url}`);
  return Object.fromEntries(names.map((name) => [name, id!]));
}

// /ready answers 503 whenever a dependency is slow to answer (a loaded CI machine): that is its
// job, and no input changes it, so it is the one route outside the property.
const propertyRoutes = routes.filter((route) => route.url !== '/ready');

describe('property: generated input never gets a 5xx, and every 4xx is the envelope', () => {
  const answered = new Map<number, number>();
  for (const route of propertyRoutes) {
    it(`${route.method} ${route.url} (${PROPERTY_RUNS} runs)`, async () => {
      const { token } = await service.signedInAdmin();
      const ids = await idsOf();
      const statuses = await assertRouteSurvivesBadInput(service.app, route, {
        headers: { authorization: `Bearer ${token}` },
        ids: Object.values(ids),
        numRuns: PROPERTY_RUNS,
      });
      if (!route.url.startsWith('/api/')) return;
      for (const [status, count] of statuses) answered.set(status, (answered.get(status) ?? 0) + count);
    });
  }

  it('the generated requests reach the handlers, not only validation (a tenth of /api requests answered 2xx)', () => {
    const total = [...answered.values()].reduce((sum, count) => sum + count, 0);
    const succeeded = [...answered]
      .filter(([status]) => status < 300)
      .reduce((sum, [, count]) => sum + count, 0);
    expect(total).toBe(apiRoutes.length * PROPERTY_RUNS);
    expect(succeeded / total).toBeGreaterThan(0.1);
  });
});

describe('access matrix', () => {
  it('every /api route of admin-service is ADMIN-only', () => {
    expect(apiRoutes.filter((route) => accessOf(route, new Set()) !== 'admin')).toEqual([]);
    expect(apiRoutes.length).toBeGreaterThanOrEqual(8);
  });

  it('bad tokens get 401 and a USER gets 403 on every route; unknown and malformed ids get 404', async () => {
    const admin = await service.signedInAdmin();
    const user = service.auth.addUser();
    const userToken = await service.tokens.sign(user.id, { role: 'USER' });
    const expired = await service.tokens.sign(admin.user.id, {
      role: 'ADMIN',
      expiresIn: new Date(Date.now() - 60_000),
    });
    const authorizations = await hostileAuthorizations(admin.token, expired);
    const ids = await idsOf();
    const cases: AccessCase[] = [];
    // Bodies generated samples cannot hit (an email address must parse).
    const bodies: Record<string, unknown> = { 'POST /api/admin/users': { email: 'matrix@example.com' } };
    for (const route of apiRoutes) {
      const params = paramsFor(route, ids);
      const name = `${route.method} ${route.url}`;
      const body = bodies[name];
      for (const [label, authorization] of Object.entries(authorizations)) {
        cases.push({
          label: `${name} with ${label}`,
          request: wellFormedRequest(route, {
            headers: authorization ? { authorization } : {},
            params,
            body,
          }),
          status: 401,
        });
      }
      cases.push({
        label: `${name} as a USER`,
        request: wellFormedRequest(route, {
          headers: { authorization: `Bearer ${userToken}` },
          params,
          body,
        }),
        status: 403,
      });
      if (Object.keys(params).length > 0) {
        for (const [label, id] of [
          ['an unknown id', route.url.includes('/users/') ? newId('user') : newId('plan')],
          ['a malformed id', 'not-an-id'],
        ] as const) {
          cases.push({
            label: `${name} with ${label}`,
            request: wellFormedRequest(route, {
              headers: { authorization: `Bearer ${admin.token}` },
              params: Object.fromEntries(Object.keys(params).map((key) => [key, id])),
              body,
            }),
            status: 404,
          });
        }
      }
    }
    expect(await accessMatrixFailures(service.app, cases)).toEqual([]);
    expect(cases.length).toBe(
      apiRoutes.length * (Object.keys(authorizations).length + 1) +
        2 * apiRoutes.filter((route) => route.url.includes(':')).length,
    );
    // The well-formed requests are well-formed: as the ADMIN, none of them is refused.
    for (const route of apiRoutes.filter((candidate) => candidate.method === 'GET')) {
      const response = await service.app.inject(
        wellFormedRequest(route, {
          headers: { authorization: `Bearer ${admin.token}` },
          params: paramsFor(route, ids),
        }),
      );
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(200);
    }
  });
});
