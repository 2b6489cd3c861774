import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL_TOKEN_HEADER } from '@vivier/service-kit';
import { startBillingStandIn, type BillingStandIn } from '@vivier/service-fixtures/billing-service';
import { startTestAdminService, TEST_INTERNAL_TOKEN, type TestAdminService } from '../test-support';

let billing: BillingStandIn;
let service: TestAdminService;
let token: string;
let adminId: string;

beforeAll(async () => {
  billing = await startBillingStandIn(TEST_INTERNAL_TOKEN);
  service = await startTestAdminService({ env: { BILLING_SERVICE_URL: billing.url } });
  const admin = await service.signedInAdmin();
  token = admin.token;
  adminId = admin.user.id;
});
afterAll(async () => {
  await service.close();
  await billing.close();
});

const call = (method: 'GET' | 'PATCH', url: string, payload?: object, headers: Record<string, string> = {}) =>
  service.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}`, ...headers } });
const auditFor = (targetId: string) =>
  service.db.auditLog.findMany({ where: { targetId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });

describe('GET /api/admin/plans', () => {
  it('lists billing’s plans, inactive ones and Stripe prices included, asking with the service token and request id', async () => {
    const retired = billing.addPlan({ active: false, stripePriceId: 'price_old' });
    const response = await call('GET', '/api/admin/plans', undefined, {
      'x-request-id': 'req-admin-plans-1',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toContainEqual(retired);
    const forwarded = billing.requests.at(-1)!;
    expect(forwarded.headers[INTERNAL_TOKEN_HEADER]).toBe(TEST_INTERNAL_TOKEN);
    expect(forwarded.headers['x-request-id']).toBe('req-admin-plans-1');
  });
});

describe('PATCH /api/admin/plans/:id', () => {
  it('answers with the changed plan and writes plan.update with before and after to the audit log', async () => {
    const plan = billing.addPlan({ name: 'Starter', allowanceMicros: 20_000_000 });
    const response = await call('PATCH', `/api/admin/plans/${plan.id}`, {
      name: 'Starter+',
      allowanceMicros: 30_000_000,
      priceMonthlyCents: 1_200,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      id: plan.id,
      name: 'Starter+',
      allowanceMicros: 30_000_000,
      priceMonthlyCents: 1_200,
    });
    expect(billing.plans.get(plan.id)?.allowanceMicros).toBe(30_000_000);

    const [entry, ...rest] = await auditFor(plan.id);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ actorId: adminId, action: 'plan.update', targetType: 'plan' });
    expect(entry?.before).toMatchObject({
      name: 'Starter',
      allowanceMicros: 20_000_000,
      priceMonthlyCents: 1_000,
    });
    expect(entry?.after).toMatchObject({
      name: 'Starter+',
      allowanceMicros: 30_000_000,
      priceMonthlyCents: 1_200,
    });
    const page = (await call('GET', '/api/admin/audit-log?limit=100')).json();
    expect(
      page.items.some(
        (item: { targetId: string; action: string }) =>
          item.targetId === plan.id && item.action === 'plan.update',
      ),
    ).toBe(true);
  });

  it('passes billing’s refusal through as a 400 with its details, and audits nothing', async () => {
    const plan = billing.addPlan({ isDefault: true });
    const response = await call('PATCH', `/api/admin/plans/${plan.id}`, { isDefault: false });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'isDefault', message: expect.stringContaining('default') }],
    });
    expect(await auditFor(plan.id)).toEqual([]);
  });

  it('refuses bad input before calling billing', async () => {
    const plan = billing.addPlan();
    const before = billing.requests.length;
    for (const payload of [
      {},
      { allowanceMicros: 0.5 },
      { allowanceMicros: -5 },
      { priceMonthlyCents: 'ten' },
      { active: 'yes' },
      { slug: 'x' },
    ]) {
      const response = await call('PATCH', `/api/admin/plans/${plan.id}`, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(billing.requests.length).toBe(before);
  });

  it('is a 404 for an unknown plan, with nothing audited', async () => {
    const response = await call('PATCH', '/api/admin/plans/pln_unknown', { name: 'x' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
    expect(await auditFor('pln_unknown')).toEqual([]);
  });

  it('answers 503 when billing is down or not configured', async () => {
    for (const url of ['http://127.0.0.1:9', undefined]) {
      const offline = await startTestAdminService({ env: url ? { BILLING_SERVICE_URL: url } : {} });
      try {
        const { token: adminToken } = await offline.signedInAdmin();
        const response = await offline.app.inject({
          method: 'GET',
          url: '/api/admin/plans',
          headers: { authorization: `Bearer ${adminToken}` },
        });
        expect(response.statusCode).toBe(503);
        expect(response.json().error.code).toBe('UPSTREAM_UNAVAILABLE');
      } finally {
        await offline.close();
      }
    }
  });
});
