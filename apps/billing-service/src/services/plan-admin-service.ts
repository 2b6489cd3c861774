import { AppError, type PlanAdminView, type PlanChange, type PlanPatch } from '@vivier/contracts';
import type { BillingDb, Plan as PlanRow } from '@vivier/db';
import { toPlanView } from './plan-service';

function toPlanAdminView(plan: PlanRow): PlanAdminView {
  return {
    ...toPlanView(plan),
    stripePriceId: plan.stripePriceId,
    createdAt: plan.createdAt.toISOString(),
    updatedAt: plan.updatedAt.toISOString(),
  };
}

const ORDER = [{ priceMonthlyCents: 'asc' as const }, { name: 'asc' as const }, { id: 'asc' as const }];

const refuse = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', 'This plan change would leave no usable default plan', {
    details: [{ path, message }],
  });

/**
 * Plans as admin-service edits them (through `/internal/plans`). Invariant: exactly one plan is the
 * default, and it is active (everyone without a paid subscription is measured against it). Quota
 * checks read the plan row on every call, so a new allowance applies from the next check on.
 */
export function createPlanAdminService(deps: { db: Pick<BillingDb, 'plan' | '$transaction'> }) {
  return {
    async listPlans(): Promise<PlanAdminView[]> {
      return (await deps.db.plan.findMany({ orderBy: ORDER })).map(toPlanAdminView);
    },

    async updatePlan(planId: string, patch: PlanPatch): Promise<PlanChange> {
      return deps.db.$transaction(async (tx) => {
        // One plan editor at a time, so two "make this the default" requests cannot both win.
        await tx.$queryRaw`SELECT 1 AS "locked" FROM pg_advisory_xact_lock(hashtext('vivier:plans'))`;
        const before = await tx.plan.findUnique({ where: { id: planId } });
        if (!before) throw new AppError('NOT_FOUND', 'Plan not found');

        const isDefault = patch.isDefault ?? before.isDefault;
        const active = patch.active ?? before.active;
        if (before.isDefault && !isDefault) {
          throw refuse('isDefault', 'there must be one default plan: make another plan the default instead');
        }
        if (isDefault && !active) {
          throw refuse(
            'active',
            'the default plan cannot be deactivated: make another plan the default first',
          );
        }
        const priceChanged =
          patch.priceMonthlyCents !== undefined && patch.priceMonthlyCents !== before.priceMonthlyCents;

        if (isDefault && !before.isDefault) {
          await tx.plan.updateMany({
            where: { isDefault: true, id: { not: planId } },
            data: { isDefault: false },
          });
        }
        const after = await tx.plan.update({
          where: { id: planId },
          data: {
            ...(patch.name === undefined ? {} : { name: patch.name }),
            ...(patch.priceMonthlyCents === undefined ? {} : { priceMonthlyCents: patch.priceMonthlyCents }),
            ...(patch.allowanceMicros === undefined
              ? {}
              : { allowanceMicros: BigInt(patch.allowanceMicros) }),
            // A Stripe Price's amount is fixed: a new price without a named Price means checkout
            // creates a new one (existing subscribers keep theirs, as Stripe does).
            ...(patch.stripePriceId !== undefined
              ? { stripePriceId: patch.stripePriceId }
              : priceChanged
                ? { stripePriceId: null }
                : {}),
            active,
            isDefault,
          },
        });
        return { before: toPlanAdminView(before), after: toPlanAdminView(after) };
      });
    },
  };
}

export type PlanAdminService = ReturnType<typeof createPlanAdminService>;
