import { SignJWT, decodeJwt } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { INTERNAL_TOKEN_HEADER, registeredRoutes } from '@vivier/service-kit';
import { uniqueEmail } from '@vivier/testkit';
import {
  accessMatrixFailures,
  accessOf,
  assertRouteSurvivesBadInput,
  hostileAuthorizations,
  wellFormedRequest,
  type AccessCase,
  type RouteShape,
} from '@vivier/testkit/bad-input';
import { startTestAuthService } from './test-support';

/**
 * Bad input, generated rather than hand-picked, against every route auth-service registers:
 * property tests from the routes' zod schemas, and the access matrix (bad tokens → 401 on `me`,
 * internal routes without the service token → 404 whatever is sent).
 */
const PROPERTY_RUNS = 40;
const PUBLIC_ROUTES = new Set([
  'POST /api/auth/register',
  'POST /api/auth/login',
  'POST /api/auth/refresh',
  'POST /api/auth/logout',
  'POST /api/auth/verify-email',
  'POST /api/auth/resend-verification',
  'POST /api/auth/forgot-password',
  'POST /api/auth/reset-password',
  'GET /api/auth/signup-policy',
  // Second factor: the mfaToken of the login step stands in for the access token.
  'POST /api/auth/login/mfa',
  'POST /api/auth/2fa/totp/setup',
  'POST /api/auth/2fa/totp/enable',
  // OIDC sign-in: browser navigations before any session exists.
  'GET /api/auth/oidc/providers',
  'GET /api/auth/oidc/:provider/start',
  'GET /api/auth/oidc/:provider/callback',
]);
const PASSWORD = 'Correct-Horse-9-Battery';

const service = await startTestAuthService();
afterAll(() => service.close());

const routes: RouteShape[] = [...registeredRoutes(service.app)];
const accessByRoute = (route: RouteShape) => accessOf(route, PUBLIC_ROUTES);

async function registeredUser() {
  const email = uniqueEmail('bad-input');
  const response = await service.app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: { email, password: PASSWORD, name: 'Fuzz' },
  });
  expect(response.statusCode).toBe(201);
  const { user, accessToken } = response.json<{ user: { id: string }; accessToken: string }>();
  return { id: user.id, email, token: accessToken };
}

function headersFor(route: RouteShape, token: string): Record<string, string> {
  const access = accessByRoute(route);
  if (access === 'internal') return { [INTERNAL_TOKEN_HEADER]: service.env.INTERNAL_SERVICE_TOKEN };
  if (access === 'user') return { authorization: `Bearer ${token}` };
  return {};
}

// /ready answers 503 whenever a dependency is slow to answer (a loaded CI machine): that is its
// job, and no input changes it, so it is the one route outside the property.
const propertyRoutes = routes.filter((route) => route.url !== '/ready');

describe('property: generated input never gets a 5xx, and every 4xx is the envelope', () => {
  for (const route of propertyRoutes) {
    it(`${route.method} ${route.url} (${PROPERTY_RUNS} runs)`, async () => {
      const user = await registeredUser();
      await assertRouteSurvivesBadInput(service.app, route, {
        headers: headersFor(route, user.token),
        ids: [user.id],
        hints: { email: [user.email], password: [PASSWORD], currentPassword: [PASSWORD] },
        numRuns: PROPERTY_RUNS,
      });
    });
  }
});

describe('access matrix', () => {
  it('classifies every route: the listed public ones, `me` for users, /internal for services', () => {
    const byAccess = (access: string) =>
      routes
        .filter((route) => accessByRoute(route) === access)
        .map((route) => `${route.method} ${route.url}`);
    expect(byAccess('user').sort()).toEqual(
      [
        'GET /api/auth/me',
        'PATCH /api/auth/me',
        'DELETE /api/auth/me',
        'POST /api/auth/change-password',
        'GET /api/auth/sessions',
        'DELETE /api/auth/sessions/:id',
        'GET /api/keys',
        'POST /api/keys',
        'DELETE /api/keys/:id',
        'GET /api/auth/2fa',
        'POST /api/auth/2fa/totp/disable',
      ].sort(),
    );
    expect(byAccess('internal').length).toBeGreaterThanOrEqual(6);
  });

  it('bad tokens get 401 on `me`; internal routes without the service token are 404 whatever is sent', async () => {
    const user = await registeredUser();
    // Expired but signed with auth-service's own key: only the expiry is wrong.
    const expired = await new SignJWT({ ...decodeJwt(user.token), exp: Math.floor(Date.now() / 1000) - 60 })
      .setProtectedHeader({ alg: 'ES256', kid: service.deps.signingKey.kid, typ: 'JWT' })
      .sign(service.deps.signingKey.privateKey);
    const authorizations = await hostileAuthorizations(user.token, expired);
    const cases: AccessCase[] = [];
    // Bodies whose schemas refine beyond what generated samples hit (an email, "name or email").
    const bodies: Record<string, unknown> = {
      'PATCH /api/auth/me': { name: 'Well Formed' },
      'POST /internal/users': { email: uniqueEmail('matrix') },
    };
    for (const route of routes) {
      const name = `${route.method} ${route.url}`;
      const access = accessByRoute(route);
      const params = { id: user.id };
      const body = bodies[name];
      if (access === 'user') {
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
      }
      if (access === 'internal') {
        for (const [label, headers] of [
          ['no service token', {}],
          ['a wrong service token', { [INTERNAL_TOKEN_HEADER]: 'not-the-token' }],
          ["a user's access token", { authorization: `Bearer ${user.token}` }],
        ] as const) {
          const request = wellFormedRequest(route, { headers, params, body });
          cases.push({ label: `${name} with ${label}`, request, status: 404 });
          cases.push({
            label: `${name} with ${label} and malformed input`,
            request: {
              ...request,
              url: `${request.url.split('?')[0]}?limit=-5&cursor=%00`,
              headers: { ...headers, 'content-type': 'application/json' },
              payload: route.method === 'GET' ? undefined : '{"role":',
            },
            status: 404,
          });
        }
      }
    }
    expect(await accessMatrixFailures(service.app, cases)).toEqual([]);
    const count = (access: string) => routes.filter((route) => accessByRoute(route) === access).length;
    expect(cases.length).toBe(Object.keys(authorizations).length * count('user') + 6 * count('internal'));
    // The well-formed `me` is well-formed: with the valid token it answers. The user is still
    // there: none of the refused requests (deletion among them) did anything.
    const me = await service.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(me.statusCode).toBe(200);
  });
});
