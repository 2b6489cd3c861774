import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { startTestBillingService, TEST_INTERNAL_TOKEN, type TestBillingService } from '../test-support';

let service: TestBillingService;

beforeAll(async () => {
  service = await startTestBillingService();
});
afterAll(() => service.close());

const limitOf = async (userId: string) => {
  const response = await service.app.inject({
    method: 'GET',
    url: `/internal/quota/${userId}`,
    headers: { 'x-internal-token': TEST_INTERNAL_TOKEN },
  });
  expect(response.statusCode).toBe(200);
  return response.json().limitMicros as number;
};

/** Group and GroupMember belong to admin-service; the test writes them as it would. */
const group = (planId: string | null, memberIds: string[]) =>
  service.prisma.group.create({
    data: {
      id: newId('group'),
      name: `Team ${randomBytes(3).toString('hex')}`,
      planId,
      members: { createMany: { data: memberIds.map((userId) => ({ userId })) } },
    },
  });

describe('a group plan', () => {
  it('gives members without a paid subscription the best plan among their groups', async () => {
    const [member, outsider] = [await service.createUser(), await service.createUser()];
    const team = await service.createPlan({ allowanceMicros: 40_000_000n });
    const bigger = await service.createPlan({ allowanceMicros: 90_000_000n });
    const retired = await service.createPlan({ allowanceMicros: 900_000_000n, active: false });
    await group(team.id, [member.id]);
    await group(bigger.id, [member.id]);
    await group(retired.id, [member.id]);
    await group(null, [member.id, outsider.id]);

    expect(await limitOf(member.id)).toBe(90_000_000);
    expect(await limitOf(outsider.id)).toBe(5_000_000);
  });

  it('never lowers the allowance below the default plan, and a paid subscription wins over it', async () => {
    const user = await service.createUser();
    const small = await service.createPlan({ allowanceMicros: 1_000n });
    await group(small.id, [user.id]);
    expect(await limitOf(user.id)).toBe(5_000_000);

    const paid = await service.createPlan({ allowanceMicros: 2_000_000n });
    const roomy = await service.createPlan({ allowanceMicros: 70_000_000n });
    await group(roomy.id, [user.id]);
    await service.prisma.subscription.create({
      data: { id: newId('subscription'), userId: user.id, planId: paid.id, status: 'active' },
    });
    expect(await limitOf(user.id)).toBe(2_000_000);
  });
});
