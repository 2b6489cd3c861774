import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { startTestBillingService, type TestBillingService } from '../test-support';

let service: TestBillingService;

beforeAll(async () => {
  service = await startTestBillingService();
});
afterAll(async () => {
  await service.close();
});

const monthStart = (now = new Date()) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
const nextMonthStart = (now = new Date()) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));

async function spend(userId: string, costMicros: bigint, createdAt = new Date()) {
  await service.prisma.usageEntry.create({
    data: {
      id: `use_${newId('generation').slice(4)}`,
      userId,
      generationId: newId('generation'),
      chatId: newId('chat'),
      provider: 'openai',
      model: 'gpt-test',
      inputTokens: 10,
      outputTokens: 20,
      costMicros,
      createdAt,
    },
  });
}

describe('GET /api/billing/subscription', () => {
  it('needs an access token', async () => {
    const response = await service.request('GET', '/api/billing/subscription');
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('is the Free plan for someone who never subscribed, with this calendar month’s spend', async () => {
    const user = await service.createUser();
    await spend(user.id, 1_250_000n);
    await spend(user.id, 250_000n);
    await spend(user.id, 9_000_000n, new Date(monthStart().getTime() - 1_000)); // last month: not counted
    const other = await service.createUser();
    await spend(other.id, 3_000_000n); // someone else's: not counted

    const response = await service.request('GET', '/api/billing/subscription', { token: user.token });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      plan: expect.objectContaining({ slug: 'free', allowanceMicros: 5_000_000 }),
      status: 'active',
      currentPeriodStart: monthStart().toISOString(),
      currentPeriodEnd: null,
      cancelAtPeriodEnd: false,
      hasBillingAccount: false,
      usage: { usedMicros: 1_500_000, limitMicros: 5_000_000, resetsAt: nextMonthStart().toISOString() },
    });
  });

  it('is the paid plan and its own period while the subscription is active', async () => {
    const user = await service.createUser();
    const plan = await service.createPlan({ allowanceMicros: 40_000_000n });
    const start = new Date(Date.now() - 3 * 24 * 3600 * 1000);
    const end = new Date(Date.now() + 27 * 24 * 3600 * 1000);
    await service.prisma.subscription.create({
      data: {
        id: newId('subscription'),
        userId: user.id,
        planId: plan.id,
        status: 'active',
        stripeCustomerId: `cus_${user.id}`,
        stripeSubscriptionId: `sub_${user.id}`,
        currentPeriodStart: start,
        currentPeriodEnd: end,
        cancelAtPeriodEnd: true,
      },
    });
    await spend(user.id, 2_000_000n);
    await spend(user.id, 7_000_000n, new Date(start.getTime() - 1_000)); // before this period

    const body = (await service.request('GET', '/api/billing/subscription', { token: user.token })).json();
    expect(body).toMatchObject({
      plan: { id: plan.id, allowanceMicros: 40_000_000 },
      status: 'active',
      currentPeriodStart: start.toISOString(),
      currentPeriodEnd: end.toISOString(),
      cancelAtPeriodEnd: true,
      hasBillingAccount: true,
      usage: { usedMicros: 2_000_000, limitMicros: 40_000_000, resetsAt: end.toISOString() },
    });

    // Unpaid: Stripe gave up collecting, so the Free allowance applies again.
    await service.prisma.subscription.update({ where: { userId: user.id }, data: { status: 'unpaid' } });
    const unpaid = (await service.request('GET', '/api/billing/subscription', { token: user.token })).json();
    expect(unpaid).toMatchObject({ plan: { slug: 'free' }, status: 'unpaid', currentPeriodEnd: null });
  });
});
