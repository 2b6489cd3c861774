import { ResolveApiKeyRequest, ResolvedApiKey } from '@vivier/contracts';
import { requireInternalToken, type Service } from '@vivier/service-kit';
import type { ApiKeyService } from '../services/api-key-service';

/** The gateway resolves `Authorization: Bearer vv-…` on /v1 here (internal token; never routed). */
export async function internalApiKeyRoutes(
  app: Service,
  options: { keys: ApiKeyService; internalToken: string },
) {
  app.addHook('onRequest', requireInternalToken(options.internalToken));

  app.post(
    '/internal/api-keys/resolve',
    { schema: { body: ResolveApiKeyRequest, response: { 200: ResolvedApiKey } } },
    (request) => options.keys.resolveKey(request.body.secret),
  );
}
