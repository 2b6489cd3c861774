import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBillingStandIn, type BillingStandIn } from '@vivier/service-fixtures/billing-service';
import { startTestAdminService, TEST_INTERNAL_TOKEN, type TestAdminService } from '../test-support';

let service: TestAdminService;
let billing: BillingStandIn;
beforeAll(async () => {
  billing = await startBillingStandIn(TEST_INTERNAL_TOKEN);
  service = await startTestAdminService({ env: { BILLING_SERVICE_URL: billing.url } });
});
afterAll(async () => {
  await service.close();
  await billing.close();
});

type Method = 'GET' | 'PATCH' | 'PUT' | 'POST' | 'DELETE';
const PROBE_LABEL = 'access-test-probe';
const USER_ID = 'usr_plain_user';
/** Every admin route, each with a request that an ADMIN would get a 2xx (or a 4xx on content) for. */
const ROUTES: Array<{ method: Method; url: string; payload?: object }> = [
  { method: 'GET', url: '/api/admin/users' },
  { method: 'GET', url: '/api/admin/users?q=a&limit=5' },
  { method: 'PATCH', url: '/api/admin/users/usr_someone', payload: { role: 'ADMIN' } },
  { method: 'PATCH', url: '/api/admin/users/usr_someone', payload: { disabled: true } },
  { method: 'GET', url: '/api/admin/stats' },
  { method: 'GET', url: '/api/admin/stats?from=2026-01-01&to=2026-01-31' },
  { method: 'GET', url: '/api/admin/providers' },
  {
    method: 'PUT',
    url: '/api/admin/providers',
    payload: { providers: [{ kind: 'openai', label: PROBE_LABEL }], defaultModel: null },
  },
  { method: 'GET', url: '/api/admin/audit-log' },
  { method: 'GET', url: '/api/admin/audit-log?limit=5' },
  { method: 'GET', url: '/api/admin/plans' },
  { method: 'PATCH', url: '/api/admin/plans/pln_someone', payload: { allowanceMicros: 1 } },
  { method: 'PATCH', url: '/api/admin/plans/pln_someone', payload: { isDefault: true } },
  { method: 'GET', url: '/api/admin/mcp-servers' },
  {
    method: 'POST',
    url: '/api/admin/mcp-servers',
    payload: { transport: 'http', label: PROBE_LABEL, url: 'http://127.0.0.1:9/mcp' },
  },
  { method: 'PATCH', url: '/api/admin/mcp-servers/mcp_00000000000000000000', payload: { enabled: false } },
  { method: 'DELETE', url: '/api/admin/mcp-servers/mcp_00000000000000000000' },
  { method: 'POST', url: '/api/admin/mcp-servers/mcp_00000000000000000000/tools/refresh' },
  { method: 'GET', url: '/api/admin/tool-settings' },
  { method: 'PUT', url: '/api/admin/tool-settings', payload: { webSearchUrl: null } },
];

/** What a request that got through would leave behind (other test files share the database, so only ours). */
async function traces() {
  return {
    internalCalls: service.auth.requests.length + billing.requests.length,
    auditRows: await service.db.auditLog.count({ where: { actorId: USER_ID } }),
    probeProviders: await service.db.providerConfig.count({ where: { label: PROBE_LABEL } }),
  };
}

describe('every admin route is ADMIN-only', () => {
  it.each(ROUTES)(
    '$method $url → 403 for a USER token, with nothing done',
    async ({ method, url, payload }) => {
      const before = await traces();
      const token = await service.tokens.sign(USER_ID, { role: 'USER' });
      const response = await service.app.inject({
        method,
        url,
        payload,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({
        error: { code: 'FORBIDDEN' },
        requestId: response.headers['x-request-id'],
      });
      expect(await traces()).toEqual({ ...before, auditRows: 0, probeProviders: 0 });
    },
  );

  it.each(ROUTES)(
    '$method $url → 401 without a token or with a bad one',
    async ({ method, url, payload }) => {
      for (const authorization of [undefined, 'Bearer not-a-jwt', 'Basic YWRtaW46YWRtaW4=']) {
        const response = await service.app.inject({
          method,
          url,
          payload,
          headers: authorization ? { authorization } : {},
        });
        expect(response.statusCode, String(authorization)).toBe(401);
        expect(response.json().error.code).toBe('UNAUTHENTICATED');
      }
    },
  );

  it('refuses a USER before reading the body: malformed JSON is still a 403, not a 400', async () => {
    const token = await service.tokens.sign(USER_ID, { role: 'USER' });
    const response = await service.app.inject({
      method: 'PUT',
      url: '/api/admin/providers',
      payload: '{"providers": [',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(403);
  });

  it('refuses an ADMIN token signed by another key or for another audience', async () => {
    const { createTestTokens } = await import('@vivier/testkit');
    const foreign = await createTestTokens();
    const otherAudience = await createTestTokens({ audience: 'someone-else' });
    for (const token of [
      await foreign.sign('usr_x', { role: 'ADMIN' }),
      await otherAudience.sign('usr_x', { role: 'ADMIN' }),
    ]) {
      const response = await service.app.inject({
        method: 'GET',
        url: '/api/admin/stats',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode).toBe(401);
    }
  });

  it('lets an ADMIN through on every route', async () => {
    const { token } = await service.signedInAdmin();
    // Not the PUT: it replaces the whole provider list, which another test file is using.
    for (const { method, url, payload } of ROUTES.filter((route) => route.method !== 'PUT')) {
      const response = await service.app.inject({
        method,
        url,
        payload,
        headers: { authorization: `Bearer ${token}` },
      });
      // usr_someone and pln_someone do not exist: the PATCHes reach auth/billing and come back 404;
      // the MCP server on 127.0.0.1 is refused by the egress guard (400).
      expect([200, 204, 400, 404], `${method} ${url}`).toContain(response.statusCode);
    }
  });

  it('keeps /health and /ready open, and /ready checks Postgres and Redis', async () => {
    expect((await service.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    const ready = await service.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks).toEqual({ postgres: 'ok', redis: 'ok' });
  });
});
