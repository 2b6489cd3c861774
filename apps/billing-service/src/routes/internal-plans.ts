import { PlanAdminList, PlanChange, IdParams, PlanPatch } from '@vivier/contracts';
import { requireInternalToken, type Service } from '@vivier/service-kit';
import type { PlanAdminService } from '../services/plan-admin-service';

/**
 * Service-to-service only: admin-service edits plans through these (billing owns the Plan table);
 * the gateway never routes /internal. The token is checked on request, before validation, so a
 * caller without it gets 404 whatever it sends.
 */
export async function internalPlanRoutes(
  app: Service,
  options: { plans: PlanAdminService; internalToken: string },
) {
  app.addHook('onRequest', requireInternalToken(options.internalToken));

  app.get('/internal/plans', { schema: { response: { 200: PlanAdminList } } }, async () => ({
    items: await options.plans.listPlans(),
  }));

  app.patch(
    '/internal/plans/:id',
    { schema: { params: IdParams, body: PlanPatch, response: { 200: PlanChange } } },
    (request) => options.plans.updatePlan(request.params.id, request.body),
  );
}
