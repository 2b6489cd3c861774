import { ApiKeyList, CreateApiKeyRequest, CreatedApiKey, IdParams } from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { ApiKeyService } from '../services/api-key-service';

/** The caller's personal API keys (for the OpenAI-compatible API). */
export async function apiKeyRoutes(app: Service, { keys }: { keys: ApiKeyService }) {
  app.addHook('onRequest', app.authenticate);

  app.get('/api/keys', { schema: { response: { 200: ApiKeyList } } }, async (request) => ({
    items: await keys.listKeys(callerOf(request).id),
  }));

  app.post(
    '/api/keys',
    { schema: { body: CreateApiKeyRequest, response: { 201: CreatedApiKey } } },
    async (request, reply) =>
      reply.status(201).send(await keys.createKey(callerOf(request).id, request.body.name)),
  );

  app.delete('/api/keys/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await keys.deleteKey(callerOf(request).id, request.params.id);
    return reply.status(204).send();
  });
}
