import { QuotaParams, QuotaStatus } from '@vivier/contracts';
import { requireInternalToken, type Service } from '@vivier/service-kit';
import type { UsageService } from '../services/usage-service';

/**
 * Service-to-service only (chat-service, before every generation); the gateway never routes
 * /internal. The token is checked on request, before validation, so a caller without it learns
 * nothing (404) whatever it sends.
 */
export async function internalQuotaRoutes(
  app: Service,
  options: { usage: UsageService; internalToken: string },
) {
  app.addHook('onRequest', requireInternalToken(options.internalToken));

  app.get(
    '/internal/quota/:userId',
    { schema: { params: QuotaParams, response: { 200: QuotaStatus } } },
    (request) => options.usage.checkQuota(request.params.userId),
  );
}
