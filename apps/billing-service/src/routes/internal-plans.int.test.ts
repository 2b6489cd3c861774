import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { dropDatabase, ensureDatabase, migrateDatabase } from '@vivier/db';
import { startTestBillingService, TEST_INTERNAL_TOKEN, type TestBillingService } from '../test-support';

// Moving the default plan changes every free user's allowance: this file gets a database of its
// own so the other billing tests (which expect Free to be the default) never see it.
const sharedDatabaseUrl = process.env.DATABASE_URL!;
const ownDatabaseUrl = (() => {
  const url = new URL(sharedDatabaseUrl);
  url.pathname = `/vivier_plans_test_${randomBytes(4).toString('hex')}`;
  return url.toString();
})();

let service: TestBillingService;

beforeAll(async () => {
  await ensureDatabase(ownDatabaseUrl);
  await migrateDatabase(ownDatabaseUrl);
  process.env.DATABASE_URL = ownDatabaseUrl;
  service = await startTestBillingService();
});
afterAll(async () => {
  await service.close();
  process.env.DATABASE_URL = sharedDatabaseUrl;
  await dropDatabase(ownDatabaseUrl);
});

const internal = (
  method: 'GET' | 'PATCH',
  url: string,
  payload?: object,
  token: string | null = TEST_INTERNAL_TOKEN,
) =>
  service.app.inject({ method, url, payload, headers: token === null ? {} : { 'x-internal-token': token } });

const planBySlug = (slug: string) => service.prisma.plan.findUniqueOrThrow({ where: { slug } });
const defaults = async () =>
  (await service.prisma.plan.findMany({ where: { isDefault: true } })).map((plan) => plan.slug);

describe('GET /internal/plans', () => {
  it('lists every plan, inactive ones too, with the Stripe price and allowances as numbers', async () => {
    const retired = await service.createPlan({ active: false, allowanceMicros: 9_000_000n });
    const response = await internal('GET', '/internal/plans');
    expect(response.statusCode).toBe(200);
    const { items } = response.json();
    expect(items.find((plan: { id: string }) => plan.id === retired.id)).toMatchObject({
      active: false,
      allowanceMicros: 9_000_000,
      stripePriceId: null,
      isDefault: false,
    });
    expect(items.find((plan: { slug: string }) => plan.slug === 'free')).toMatchObject({
      isDefault: true,
      active: true,
      priceMonthlyCents: 0,
    });
  });

  it('is a 404 without the service token or with a wrong one', async () => {
    for (const token of [null, 'wrong-token-0123456789']) {
      expect((await internal('GET', '/internal/plans', undefined, token)).statusCode).toBe(404);
      const free = await planBySlug('free');
      const patch = await internal('PATCH', `/internal/plans/${free.id}`, { allowanceMicros: 1 }, token);
      expect(patch.statusCode).toBe(404);
    }
    expect((await planBySlug('free')).allowanceMicros).toBe(5_000_000n);
  });
});

describe('PATCH /internal/plans/:id', () => {
  it('changes the fields given and answers with before and after', async () => {
    const plan = await service.createPlan({
      priceMonthlyCents: 1_000,
      allowanceMicros: 20_000_000n,
      name: 'Starter',
    });
    const response = await internal('PATCH', `/internal/plans/${plan.id}`, {
      name: 'Starter+',
      allowanceMicros: 30_000_000,
      stripePriceId: 'price_123abc',
    });
    expect(response.statusCode, response.body).toBe(200);
    const { before, after } = response.json();
    expect(before).toMatchObject({
      id: plan.id,
      name: 'Starter',
      allowanceMicros: 20_000_000,
      stripePriceId: null,
      priceMonthlyCents: 1_000,
    });
    expect(after).toMatchObject({
      id: plan.id,
      name: 'Starter+',
      allowanceMicros: 30_000_000,
      stripePriceId: 'price_123abc',
      priceMonthlyCents: 1_000,
    });
    const row = await service.prisma.plan.findUniqueOrThrow({ where: { id: plan.id } });
    expect(row.allowanceMicros).toBe(30_000_000n);
  });

  it('forgets the Stripe price when the monthly price changes, so checkout sells the new amount', async () => {
    const plan = await service.createPlan({ priceMonthlyCents: 1_000 });
    await internal('PATCH', `/internal/plans/${plan.id}`, { stripePriceId: 'price_old' });
    const response = await internal('PATCH', `/internal/plans/${plan.id}`, { priceMonthlyCents: 1_500 });
    expect(response.json().after).toMatchObject({ priceMonthlyCents: 1_500, stripePriceId: null });
  });

  it('applies a new allowance to the very next quota check', async () => {
    const user = await service.createUser();
    const plan = await service.createPlan({ allowanceMicros: 10_000_000n });
    await service.prisma.subscription.create({
      data: {
        id: newId('subscription'),
        userId: user.id,
        planId: plan.id,
        status: 'active',
        stripeCustomerId: `cus_${user.id}`,
        stripeSubscriptionId: `sub_${user.id}`,
        currentPeriodStart: new Date(Date.now() - 24 * 3600 * 1000),
        currentPeriodEnd: new Date(Date.now() + 24 * 3600 * 1000),
      },
    });
    await service.prisma.usageEntry.create({
      data: {
        id: newId('usageEntry'),
        userId: user.id,
        generationId: newId('generation'),
        chatId: newId('chat'),
        provider: 'openai',
        model: 'gpt-test',
        inputTokens: 1,
        outputTokens: 1,
        costMicros: 6_000_000n,
      },
    });
    const quota = () => internal('GET', `/internal/quota/${user.id}`);
    expect((await quota()).json()).toMatchObject({ allowed: true, limitMicros: 10_000_000 });
    expect(
      (await internal('PATCH', `/internal/plans/${plan.id}`, { allowanceMicros: 5_000_000 })).statusCode,
    ).toBe(200);
    const refused = await quota();
    expect(refused.statusCode).toBe(402);
    expect(refused.json().error.meta).toMatchObject({ usedMicros: 6_000_000, limitMicros: 5_000_000 });
    await internal('PATCH', `/internal/plans/${plan.id}`, { allowanceMicros: 8_000_000 });
    expect((await quota()).json()).toMatchObject({ allowed: true, limitMicros: 8_000_000 });
  });

  it('moves the default in one step: the old default is unset, and free users get the new allowance', async () => {
    const user = await service.createUser();
    const free = await planBySlug('free');
    const pro = await planBySlug('pro');
    const moved = await internal('PATCH', `/internal/plans/${pro.id}`, { isDefault: true });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({
      before: { isDefault: false },
      after: { id: pro.id, isDefault: true },
    });
    expect(await defaults()).toEqual(['pro']);
    expect((await internal('GET', `/internal/quota/${user.id}`)).json()).toMatchObject({
      limitMicros: 50_000_000,
    });

    const back = await internal('PATCH', `/internal/plans/${free.id}`, { isDefault: true });
    expect(back.statusCode).toBe(200);
    expect(await defaults()).toEqual(['free']);
    expect((await internal('GET', `/internal/quota/${user.id}`)).json()).toMatchObject({
      limitMicros: 5_000_000,
    });
  });

  it('keeps exactly one active default: no un-defaulting, no deactivating it, no inactive default', async () => {
    const free = await planBySlug('free');
    const retired = await service.createPlan({ active: false });
    const cases: Array<[string, object, string]> = [
      [free.id, { isDefault: false }, 'isDefault'],
      [free.id, { active: false }, 'active'],
      [retired.id, { isDefault: true }, 'active'],
    ];
    for (const [id, patch, path] of cases) {
      const response = await internal('PATCH', `/internal/plans/${id}`, patch);
      expect(response.statusCode, JSON.stringify(patch)).toBe(400);
      expect(response.json().error.details).toEqual([{ path, message: expect.any(String) }]);
    }
    expect(await defaults()).toEqual(['free']);
    expect((await planBySlug('free')).active).toBe(true);
    // Deactivating while moving the default elsewhere is one valid change.
    const both = await internal('PATCH', `/internal/plans/${retired.id}`, { isDefault: true, active: true });
    expect(both.statusCode).toBe(200);
    expect(await defaults()).toEqual([retired.slug]);
    expect((await internal('PATCH', `/internal/plans/${free.id}`, { isDefault: true })).statusCode).toBe(200);
  });

  it('refuses bad input with 400 and an unknown plan with 404', async () => {
    const plan = await service.createPlan();
    for (const payload of [
      {},
      { allowanceMicros: 1.5 },
      { allowanceMicros: -1 },
      { allowanceMicros: Number.MAX_SAFE_INTEGER + 2 },
      { priceMonthlyCents: '100' },
      { name: '   ' },
      { stripePriceId: 'prod_123' },
      { slug: 'renamed' },
    ]) {
      const response = await internal('PATCH', `/internal/plans/${plan.id}`, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
    const missing = await internal('PATCH', `/internal/plans/${newId('plan')}`, { name: 'x' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
  });
});
