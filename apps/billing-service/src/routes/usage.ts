import { UsageQuery, UsageReport } from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { UsageService } from '../services/usage-service';

export async function usageRoutes(app: Service, { usage }: { usage: UsageService }) {
  app.get(
    '/api/billing/usage',
    { onRequest: app.authenticate, schema: { querystring: UsageQuery, response: { 200: UsageReport } } },
    (request) => usage.usageReport(callerOf(request).id, request.query),
  );
}
