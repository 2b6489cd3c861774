import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowanceKeys, makeEvent } from '@vivier/bus';
import { newId, busStreamNames } from '@vivier/contracts';
import { eventually } from '@vivier/testkit';
import { startTestBillingService, TEST_INTERNAL_TOKEN, type TestBillingService } from '../test-support';

let service: TestBillingService;

beforeAll(async () => {
  service = await startTestBillingService();
});
afterAll(async () => {
  await service.close();
});

/** With the service token unless `token` says otherwise (null: no token header at all). */
const quota = (userId: string, token: string | null = TEST_INTERNAL_TOKEN) =>
  service.app.inject({
    method: 'GET',
    url: `/internal/quota/${encodeURIComponent(userId)}`,
    headers: token === null ? {} : { 'x-internal-token': token },
  });

/** What provider-worker publishes when a generation ends. */
function publishUsage(userId: string, costMicros: number, generationId = newId('generation')) {
  return service.deps.bus.publish(
    busStreamNames.events,
    makeEvent('usage.recorded', {
      generationId,
      userId,
      chatId: newId('chat'),
      provider: 'openai',
      model: 'gpt-test',
      inputTokens: 100,
      outputTokens: 50,
      costMicros,
    }),
  );
}

const spentOf = async (userId: string) =>
  (await service.prisma.usageEntry.aggregate({ where: { userId }, _sum: { costMicros: true } }))._sum
    .costMicros ?? 0n;

const nextMonthStart = (now = new Date()) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));

describe('GET /internal/quota/:userId', () => {
  it('allows a user below the allowance, then refuses with 402 and the numbers once usage reaches it', async () => {
    const user = await service.createUser();
    const allowed = await quota(user.id);
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json()).toEqual({
      allowed: true,
      usedMicros: 0,
      limitMicros: 5_000_000,
      resetsAt: nextMonthStart().toISOString(),
    });

    await publishUsage(user.id, 4_999_999);
    await eventually(async () => (await spentOf(user.id)) === 4_999_999n);
    expect((await quota(user.id)).json()).toMatchObject({ allowed: true, usedMicros: 4_999_999 });

    await publishUsage(user.id, 1);
    await eventually(async () => (await spentOf(user.id)) === 5_000_000n);
    const refused = await quota(user.id);
    expect(refused.statusCode).toBe(402);
    const resetsAt = nextMonthStart().toISOString();
    expect(refused.json().error).toEqual({
      code: 'QUOTA_EXCEEDED',
      message: `Monthly usage allowance reached ($5.00 of $5.00); resets on ${resetsAt.slice(0, 10)}`,
      meta: { usedMicros: 5_000_000, limitMicros: 5_000_000, resetsAt },
    });
    expect(refused.json().requestId).toBe(refused.headers['x-request-id']);
  });

  it('measures against the paid plan’s allowance and period', async () => {
    const user = await service.createUser();
    const plan = await service.createPlan({ allowanceMicros: 10_000_000n });
    const periodEnd = new Date(Date.now() + 10 * 24 * 3600 * 1000);
    await service.prisma.subscription.create({
      data: {
        id: newId('subscription'),
        userId: user.id,
        planId: plan.id,
        status: 'active',
        stripeCustomerId: `cus_${user.id}`,
        stripeSubscriptionId: `sub_${user.id}`,
        currentPeriodStart: new Date(Date.now() - 20 * 24 * 3600 * 1000),
        currentPeriodEnd: periodEnd,
      },
    });
    await publishUsage(user.id, 7_000_000);
    await eventually(async () => (await spentOf(user.id)) === 7_000_000n);
    expect((await quota(user.id)).json()).toEqual({
      allowed: true,
      usedMicros: 7_000_000,
      limitMicros: 10_000_000,
      resetsAt: periodEnd.toISOString(),
    });
  });

  it('keeps the allowance hot in Redis and adds each recorded usage to it', async () => {
    const user = await service.createUser();
    const hot = service.deps.allowance;
    // Before billing has loaded it, one answer starts unverified, the next must ask billing.
    expect(await hot.reserve(user.id, 'gen_before')).toEqual({ kind: 'provisional' });
    expect(await hot.reserve(user.id, 'gen_second')).toEqual({ kind: 'missing' });
    await hot.release(user.id, 'gen_before');
    expect((await quota(user.id)).statusCode).toBe(200);
    const answer = newId('generation');
    expect(await hot.reserve(user.id, answer)).toEqual({ kind: 'reserved' });

    await publishUsage(user.id, 4_999_999, answer);
    // Recorded: the answer's reservation ends, its cost is spent, and an answer now reserves as
    // much as the largest one so far: one more fits under the allowance, a second does not.
    const { held } = allowanceKeys(service.env.REDIS_PREFIX, user.id);
    await eventually(async () => (await service.deps.redis.hexists(held, answer)) === 0);
    expect(await hot.reserve(user.id, 'gen_next')).toEqual({ kind: 'reserved' });
    expect(await hot.reserve(user.id, 'gen_after')).toMatchObject({
      kind: 'refused',
      usedMicros: 4_999_999,
      heldMicros: 4_999_999,
      limitMicros: 5_000_000,
    });
  });

  it('another user’s usage never counts against this one', async () => {
    const spender = await service.createUser();
    const bystander = await service.createUser();
    await publishUsage(spender.id, 6_000_000);
    await eventually(async () => (await quota(spender.id)).statusCode === 402);
    expect((await quota(bystander.id)).json()).toMatchObject({ allowed: true, usedMicros: 0 });
  });

  it('is a 404 without the internal token, with a wrong one, and whatever the path holds', async () => {
    const user = await service.createUser();
    for (const token of [null, '', 'wrong-token-0123456789', `${TEST_INTERNAL_TOKEN}x`]) {
      const response = await quota(user.id, token);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    const overlong = await quota('x'.repeat(90), null); // fails validation, but the token is checked first
    expect(overlong.statusCode).toBe(404);
    expect((await quota('x'.repeat(90))).statusCode).toBe(400);
    // A user's access token is not a service token.
    const withUserToken = await service.app.inject({
      method: 'GET',
      url: `/internal/quota/${user.id}`,
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(withUserToken.statusCode).toBe(404);
  });
});
