import { PlanList } from '@vivier/contracts';
import type { Service } from '@vivier/service-kit';
import type { PlanService } from '../services/plan-service';

/** Public: the gateway lets `GET /api/billing/plans` through without a token (pricing page). */
export async function planRoutes(app: Service, { plans }: { plans: PlanService }) {
  app.get('/api/billing/plans', { schema: { response: { 200: PlanList } } }, async () => ({
    items: await plans.listActivePlans(),
  }));
}
