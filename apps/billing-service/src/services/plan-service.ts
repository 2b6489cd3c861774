import type { Plan } from '@vivier/contracts';
import type { BillingDb, Plan as PlanRow } from '@vivier/db';

/** BigInt micro-dollars become plain numbers on the wire (exact up to $9 billion). */
export function toPlanView(plan: PlanRow): Plan {
  return {
    id: plan.id,
    slug: plan.slug,
    name: plan.name,
    priceMonthlyCents: plan.priceMonthlyCents,
    allowanceMicros: Number(plan.allowanceMicros),
    active: plan.active,
    isDefault: plan.isDefault,
  };
}

/** The plan of everyone without a paid subscription. Seeding creates it; without it nothing can be decided. */
export async function findDefaultPlan(db: Pick<BillingDb, 'plan'>): Promise<PlanRow> {
  const plan = await db.plan.findFirst({ where: { isDefault: true }, orderBy: { createdAt: 'asc' } });
  if (!plan) throw new Error('No default plan in the database: run the seed (pnpm db:seed)');
  return plan;
}

export function createPlanService(deps: { db: Pick<BillingDb, 'plan'> }) {
  return {
    async listActivePlans(): Promise<Plan[]> {
      const plans = await deps.db.plan.findMany({
        where: { active: true },
        orderBy: [{ priceMonthlyCents: 'asc' }, { name: 'asc' }, { id: 'asc' }],
      });
      return plans.map(toPlanView);
    },
    defaultPlan: () => findDefaultPlan(deps.db),
  };
}

export type PlanService = ReturnType<typeof createPlanService>;
