import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { startBillingStandIn, type BillingStandIn } from '@vivier/service-fixtures/billing-service';
import { callByInject, callOverHttp, type InternalCall } from '@vivier/service-fixtures/contract';
import { startTestBillingService, TEST_INTERNAL_TOKEN, type TestBillingService } from '../test-support';

/**
 * The contract other services' tests rely on: billing-service's internal plan API and the fixture
 * it exports for them (@vivier/service-fixtures/billing-service) answer the same assertions. A
 * change to the real routes that the fixture does not follow fails here, not in production.
 */
interface Target {
  call: InternalCall;
  /** A paid, active, non-default plan. */
  addPlan(fields: { name: string; priceMonthlyCents: number; allowanceMicros: number }): Promise<string>;
  /** The id of the plan new users get. */
  defaultPlanId(): Promise<string>;
}

let service: TestBillingService;
let fixture: BillingStandIn;

beforeAll(async () => {
  service = await startTestBillingService();
  fixture = await startBillingStandIn(TEST_INTERNAL_TOKEN);
  fixture.addPlan({ slug: 'free', name: 'Free', priceMonthlyCents: 0, isDefault: true });
});
afterAll(async () => {
  await service?.close();
  await fixture?.close();
});

const real = (): Target => ({
  call: callByInject(service.app, TEST_INTERNAL_TOKEN),
  async addPlan(fields) {
    const plan = await service.createPlan({ ...fields, allowanceMicros: BigInt(fields.allowanceMicros) });
    return plan.id;
  },
  async defaultPlanId() {
    return (await service.prisma.plan.findFirstOrThrow({ where: { isDefault: true } })).id;
  },
});

const standIn = (): Target => ({
  call: callOverHttp(fixture.url, TEST_INTERNAL_TOKEN),
  async addPlan(fields) {
    return fixture.addPlan(fields).id;
  },
  async defaultPlanId() {
    return [...fixture.plans.values()].find((plan) => plan.isDefault)!.id;
  },
});

describe.each([
  ['billing-service', real],
  ['its fixture', standIn],
])('internal plans: %s', (_name, target: () => Target) => {
  it('lists plans with allowances as numbers', async () => {
    const id = await target().addPlan({ name: 'Listed', priceMonthlyCents: 900, allowanceMicros: 9_000_000 });
    const answer = await target().call('GET', '/internal/plans');
    expect(answer.status).toBe(200);
    expect(answer.body.items.find((plan: { id: string }) => plan.id === id)).toMatchObject({
      name: 'Listed',
      priceMonthlyCents: 900,
      allowanceMicros: 9_000_000,
      active: true,
      isDefault: false,
      stripePriceId: null,
    });
  });

  it('is a 404 without the service token or with a wrong one', async () => {
    const id = await target().addPlan({ name: 'Hidden', priceMonthlyCents: 900, allowanceMicros: 1 });
    for (const token of [null, 'wrong-token-0123456789']) {
      expect((await target().call('GET', '/internal/plans', undefined, token)).status).toBe(404);
      expect((await target().call('PATCH', `/internal/plans/${id}`, { name: 'x' }, token)).status).toBe(404);
    }
  });

  it('answers a change with before and after, and forgets the Stripe price when the price changes', async () => {
    const id = await target().addPlan({
      name: 'Starter',
      priceMonthlyCents: 1_000,
      allowanceMicros: 20_000_000,
    });
    const renamed = await target().call('PATCH', `/internal/plans/${id}`, {
      name: 'Starter+',
      stripePriceId: 'price_123abc',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.before).toMatchObject({ id, name: 'Starter', stripePriceId: null });
    expect(renamed.body.after).toMatchObject({ id, name: 'Starter+', stripePriceId: 'price_123abc' });

    const repriced = await target().call('PATCH', `/internal/plans/${id}`, { priceMonthlyCents: 1_500 });
    expect(repriced.body.after).toMatchObject({ priceMonthlyCents: 1_500, stripePriceId: null });
  });

  it('is a 404 NOT_FOUND for an unknown plan', async () => {
    const answer = await target().call('PATCH', `/internal/plans/${newId('plan')}`, { name: 'x' });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('NOT_FOUND');
  });

  it('refuses to leave no default plan with a 400 naming isDefault', async () => {
    const answer = await target().call('PATCH', `/internal/plans/${await target().defaultPlanId()}`, {
      isDefault: false,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect(answer.body.error.details).toEqual([expect.objectContaining({ path: 'isDefault' })]);
  });

  it('refuses a body outside the schema with a 400 envelope', async () => {
    const id = await target().addPlan({ name: 'Strict', priceMonthlyCents: 900, allowanceMicros: 1 });
    const answer = await target().call('PATCH', `/internal/plans/${id}`, { allowanceMicros: -1 });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
  });
});
