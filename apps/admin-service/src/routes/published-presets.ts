import {
  IdParams,
  PublishedPreset,
  PublishedPresetList,
  PublishPresetRequest,
  UpdatePublishedPresetRequest,
} from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { PublishedPresetService } from '../services/published-preset-service';

export async function publishedPresetRoutes(app: Service, { presets }: { presets: PublishedPresetService }) {
  app.get('/api/admin/presets', { schema: { response: { 200: PublishedPresetList } } }, async () => ({
    items: await presets.list(),
  }));

  app.post(
    '/api/admin/presets',
    { schema: { body: PublishPresetRequest, response: { 201: PublishedPreset } } },
    async (request, reply) =>
      reply.status(201).send(await presets.publish(callerOf(request).id, request.body)),
  );

  app.patch(
    '/api/admin/presets/:id',
    { schema: { params: IdParams, body: UpdatePublishedPresetRequest, response: { 200: PublishedPreset } } },
    (request) => presets.update(callerOf(request).id, request.params.id, request.body),
  );

  app.delete('/api/admin/presets/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await presets.remove(callerOf(request).id, request.params.id);
    return reply.status(204).send();
  });
}
