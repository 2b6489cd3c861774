import { afterAll, describe, expect, it } from 'vitest';
import { INTERNAL_TOKEN_HEADER, registeredRoutes } from '@vivier/service-kit';
import {
  accessMatrixFailures,
  accessOf,
  assertRouteSurvivesBadInput,
  hostileAuthorizations,
  wellFormedRequest,
  type AccessCase,
  type RouteShape,
} from '@vivier/testkit/bad-input';
import { startTestBillingService, TEST_INTERNAL_TOKEN } from './test-support';

/**
 * Bad input, generated rather than hand-picked, against every route billing-service registers:
 * property tests from the routes' zod schemas (as the caller each route expects, so input reaches
 * the handlers), and the access matrix (bad tokens → 401, internal routes without the service
 * token → 404, whatever the body).
 */
const PROPERTY_RUNS = 40;
const PUBLIC_ROUTES = new Set(['GET /api/billing/plans', 'POST /api/billing/webhook']);

const service = await startTestBillingService();
afterAll(() => service.close());

const routes: RouteShape[] = [...registeredRoutes(service.app)];
const accessByRoute = (route: RouteShape) => accessOf(route, PUBLIC_ROUTES);

async function callerFor(route: RouteShape) {
  const user = await service.createUser();
  const plan = await service.createPlan();
  const access = accessByRoute(route);
  const headers: Record<string, string> =
    access === 'internal'
      ? { [INTERNAL_TOKEN_HEADER]: TEST_INTERNAL_TOKEN }
      : access === 'user'
        ? { authorization: `Bearer ${user.token}` }
        : {};
  return { user, plan, headers, params: { userId: user.id, id: plan.id } as Record<string, string> };
}

// /ready answers 503 whenever a dependency is slow to answer (a loaded CI machine): that is its
// job, and no input changes it, so it is the one route outside the property.
const propertyRoutes = routes.filter((route) => route.url !== '/ready');

describe('property: generated input never gets a 5xx, and every 4xx is the envelope', () => {
  const answered = new Map<number, number>();
  for (const route of propertyRoutes) {
    it(`${route.method} ${route.url} (${PROPERTY_RUNS} runs)`, async () => {
      const { headers, params, plan } = await callerFor(route);
      const statuses = await assertRouteSurvivesBadInput(service.app, route, {
        headers,
        ids: Object.values(params),
        hints: { planId: [plan.id] },
        // Every test file shares the run's database: a generated plan must never become the default.
        pinned: { isDefault: false },
        numRuns: PROPERTY_RUNS,
      });
      if (!route.url.startsWith('/api/') && !route.url.startsWith('/internal/')) return;
      for (const [status, count] of statuses) answered.set(status, (answered.get(status) ?? 0) + count);
    });
  }

  it('the generated requests reach the handlers, not only validation (a tenth answered 2xx)', () => {
    const total = [...answered.values()].reduce((sum, count) => sum + count, 0);
    const succeeded = [...answered]
      .filter(([status]) => status < 300)
      .reduce((sum, [, count]) => sum + count, 0);
    expect(total).toBeGreaterThan(0);
    expect(succeeded / total).toBeGreaterThan(0.1);
  });
});

describe('access matrix', () => {
  it('classifies every route: two public, the rest of /api for users, /internal for services', () => {
    const byAccess = (access: string) =>
      routes
        .filter((route) => accessByRoute(route) === access)
        .map((route) => `${route.method} ${route.url}`);
    expect(byAccess('public')).toEqual(expect.arrayContaining([...PUBLIC_ROUTES]));
    expect(byAccess('user').length).toBeGreaterThanOrEqual(4);
    expect(byAccess('internal').length).toBeGreaterThanOrEqual(3);
  });

  it('bad tokens get 401 on every user route, even with a malformed body; internal routes without the service token are 404', async () => {
    const { user, params } = await callerFor({ method: 'GET', url: '/api/billing/plans' });
    const expired = await service.tokens.sign(user.id, { expiresIn: new Date(Date.now() - 60_000) });
    const authorizations = await hostileAuthorizations(user.token, expired);
    const cases: AccessCase[] = [];
    for (const route of routes) {
      const name = `${route.method} ${route.url}`;
      const access = accessByRoute(route);
      if (access === 'user') {
        for (const [label, authorization] of Object.entries(authorizations)) {
          cases.push({
            label: `${name} with ${label}`,
            request: wellFormedRequest(route, { headers: authorization ? { authorization } : {}, params }),
            status: 401,
          });
        }
        if (route.schema?.body || route.schema?.querystring) {
          // Who is asking is settled before what they sent: no schema details for strangers.
          const request = wellFormedRequest(route, { headers: {}, params });
          cases.push({
            label: `${name} with no token and a malformed body and query`,
            request: {
              ...request,
              url: `${request.url}${request.url.includes('?') ? '&' : '?'}from=yesterday&limit=-1`,
              headers: { 'content-type': 'application/json' },
              payload: '{"planId":',
            },
            status: 401,
          });
        }
      }
      if (access === 'internal') {
        for (const [label, headers] of [
          ['no service token', {}],
          ['a wrong service token', { [INTERNAL_TOKEN_HEADER]: 'not-the-token' }],
          ["a user's access token", { authorization: `Bearer ${user.token}` }],
        ] as const) {
          const request = wellFormedRequest(route, { headers, params });
          cases.push({ label: `${name} with ${label}`, request, status: 404 });
          cases.push({
            label: `${name} with ${label} and a malformed body`,
            request: {
              ...request,
              headers: { ...headers, 'content-type': 'application/json' },
              payload: route.method === 'GET' ? undefined : '{"nope":',
              url: `${request.url.replace(/\/[^/?]+(\?|$)/, `/${'%00'.repeat(3)}$1`)}`,
            },
            status: 404,
          });
        }
        if (route.url.includes(':')) {
          cases.push({
            label: `${name} with the service token and a malformed id`,
            request: wellFormedRequest(route, {
              headers: { [INTERNAL_TOKEN_HEADER]: TEST_INTERNAL_TOKEN },
              params: { userId: 'not-an-id', id: 'not-a-plan' },
            }),
            status: 404,
          });
        }
      }
    }
    expect(await accessMatrixFailures(service.app, cases)).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(4 * Object.keys(authorizations).length + 3 * 6);
  });
});
