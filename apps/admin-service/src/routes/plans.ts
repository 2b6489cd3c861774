import { PlanAdminList, PlanAdminView, IdParams, PlanPatch } from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { PlanAdminService } from '../services/plan-admin-service';

export async function planRoutes(app: Service, { plans }: { plans: PlanAdminService }) {
  app.get('/api/admin/plans', { schema: { response: { 200: PlanAdminList } } }, (request) =>
    plans.listPlans(request.id),
  );

  app.patch(
    '/api/admin/plans/:id',
    { schema: { params: IdParams, body: PlanPatch, response: { 200: PlanAdminView } } },
    (request) => plans.updatePlan(callerOf(request).id, request.params.id, request.body, request.id),
  );
}
