import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBillingService, type TestBillingService } from '../test-support';

let service: TestBillingService;

beforeAll(async () => {
  service = await startTestBillingService();
});
afterAll(async () => {
  await service.close();
});

describe('GET /api/billing/plans', () => {
  it('lists the active plans without a token, cheapest first, allowances as numbers', async () => {
    const retired = await service.createPlan({ active: false });
    const response = await service.request('GET', '/api/billing/plans');
    expect(response.statusCode).toBe(200);
    const { items } = response.json();
    const free = items.find((plan: { slug: string }) => plan.slug === 'free');
    const pro = items.find((plan: { slug: string }) => plan.slug === 'pro');
    expect(free).toMatchObject({
      name: 'Free',
      priceMonthlyCents: 0,
      allowanceMicros: 5_000_000,
      active: true,
      isDefault: true,
    });
    expect(pro).toMatchObject({ priceMonthlyCents: 2_000, allowanceMicros: 50_000_000, isDefault: false });
    expect(free.id).toMatch(/^pln_/);
    expect(items.map((plan: { id: string }) => plan.id)).not.toContain(retired.id);
    const prices = items.map((plan: { priceMonthlyCents: number }) => plan.priceMonthlyCents);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    expect(items[0]).not.toHaveProperty('stripePriceId');
  });
});
