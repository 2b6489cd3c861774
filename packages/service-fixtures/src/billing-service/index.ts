import {
  AppError,
  newId,
  PlanAdminList,
  PlanChange,
  IdParams,
  PlanPatch,
  type PlanAdminView,
} from '@vivier/contracts';
import { startInternalStandIn } from '../internal-stand-in';

/**
 * A stand-in for billing-service's internal plan API over real HTTP (a service never imports
 * another app). Same routes, schemas and answers as apps/billing-service/src/routes/internal-plans.ts:
 * the service token or 404, 404 for an unknown plan, `{ before, after }` on PATCH, and the
 * one-default rule as a 400 with details. It records every request it receives. billing-service's
 * contract test runs the same assertions against this and its real routes
 * (apps/billing-service/src/routes/internal-plans.contract.int.test.ts), so they cannot drift apart.
 */
export async function startBillingStandIn(internalToken: string) {
  const plans = new Map<string, PlanAdminView>();
  const server = await startInternalStandIn('billing-service', internalToken, (app) => {
    app.get('/internal/plans', { schema: { response: { 200: PlanAdminList } } }, () => ({
      items: [...plans.values()],
    }));

    app.patch(
      '/internal/plans/:id',
      { schema: { params: IdParams, body: PlanPatch, response: { 200: PlanChange } } },
      (request) => {
        const before = plans.get(request.params.id);
        if (!before) throw new AppError('NOT_FOUND', 'Plan not found');
        const patch = request.body;
        if (before.isDefault && patch.isDefault === false) {
          throw new AppError('VALIDATION_FAILED', 'This plan change would leave no usable default plan', {
            details: [
              {
                path: 'isDefault',
                message: 'there must be one default plan: make another plan the default instead',
              },
            ],
          });
        }
        const after: PlanAdminView = { ...before, ...patch, updatedAt: new Date().toISOString() };
        // A Stripe Price's amount is fixed: a new price without a named Price forgets the old one.
        const isRepriced =
          patch.priceMonthlyCents !== undefined && patch.priceMonthlyCents !== before.priceMonthlyCents;
        if (isRepriced && patch.stripePriceId === undefined) after.stripePriceId = null;
        if (after.isDefault && !before.isDefault) {
          for (const [id, plan] of plans) if (plan.isDefault) plans.set(id, { ...plan, isDefault: false });
        }
        plans.set(after.id, after);
        return { before, after };
      },
    );
  });

  return {
    ...server,
    plans,
    addPlan(fields: Partial<PlanAdminView> = {}): PlanAdminView {
      const at = new Date().toISOString();
      const plan: PlanAdminView = {
        id: newId('plan'),
        slug: `plan-${plans.size + 1}`,
        name: 'Test plan',
        priceMonthlyCents: 1_000,
        allowanceMicros: 10_000_000,
        active: true,
        isDefault: false,
        stripePriceId: null,
        createdAt: at,
        updatedAt: at,
        ...fields,
      };
      plans.set(plan.id, plan);
      return plan;
    },
  };
}

export type BillingStandIn = Awaited<ReturnType<typeof startBillingStandIn>>;
