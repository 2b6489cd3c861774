import type { BillingDb, Plan as PlanRow, Subscription as SubscriptionRow } from '@vivier/db';
import { calendarMonth, isEntitled, subscriptionPeriod, type BillingPeriod } from '../lib/billing-period';
import { findDefaultPlan } from './plan-service';

/** Where a user stands: the plan whose allowance applies now and the period it is measured over. */
export interface BillingAccount {
  userId: string;
  subscription: SubscriptionRow | null;
  plan: PlanRow;
  /** Stripe's status; `active` for someone who never subscribed. */
  status: string;
  period: BillingPeriod;
  /** True while the period is the paid subscription's own (else the calendar month). */
  isSubscriptionPeriod: boolean;
}

/** Status of a Subscription row that only carries a Stripe customer, or of the default plan. */
export const FREE_STATUS = 'active';

/**
 * The largest allowance among the active plans of the user's groups, or the default plan when that
 * is larger (issue 16: a team's allowance without Stripe). Group and GroupMember belong to
 * admin-service: read here in one query, never written.
 */
async function bestGroupPlan(db: Pick<BillingDb, '$queryRaw'>, userId: string): Promise<PlanRow | undefined> {
  const rows = await db.$queryRaw<PlanRow[]>`
    SELECT p.* FROM "Plan" p
    WHERE (p."active" AND p."id" IN (
        SELECT g."planId" FROM "Group" g JOIN "GroupMember" m ON m."groupId" = g."id"
        WHERE m."userId" = ${userId} AND g."planId" IS NOT NULL))
      OR p."isDefault"
    ORDER BY p."allowanceMicros" DESC, p."isDefault" ASC, p."createdAt" ASC
    LIMIT 1`;
  return rows[0];
}

export function createAccountService(deps: {
  db: Pick<BillingDb, 'plan' | 'subscription' | '$queryRaw'>;
  now?: () => Date;
}) {
  const now = deps.now ?? (() => new Date());

  return {
    async loadAccount(userId: string): Promise<BillingAccount> {
      const subscription = await deps.db.subscription.findUnique({
        where: { userId },
        include: { plan: true },
      });
      const at = now();
      const paidPeriod = subscriptionPeriod(subscription, at);
      // A subscription that is not in good standing (unpaid, canceled, incomplete…) falls back to the default plan.
      const plan =
        subscription && isEntitled(subscription.status)
          ? subscription.plan
          : ((await bestGroupPlan(deps.db, userId)) ?? (await findDefaultPlan(deps.db)));
      return {
        userId,
        subscription,
        plan,
        status: subscription?.status ?? FREE_STATUS,
        period: paidPeriod ?? calendarMonth(at),
        isSubscriptionPeriod: paidPeriod !== null,
      };
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
