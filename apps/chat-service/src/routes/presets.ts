import { CreatePresetRequest, IdParams, Preset, PresetList, UpdatePresetRequest } from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { PresetService } from '../services/preset-service';

export async function presetRoutes(app: Service, { presets }: { presets: PresetService }) {
  app.addHook('onRequest', app.authenticate);

  app.get('/api/presets', { schema: { response: { 200: PresetList } } }, async (request) => ({
    items: await presets.listPresets(callerOf(request).id),
  }));

  app.post(
    '/api/presets',
    { schema: { body: CreatePresetRequest, response: { 201: Preset } } },
    async (request, reply) =>
      reply.status(201).send(await presets.createPreset(callerOf(request).id, request.body)),
  );

  app.patch(
    '/api/presets/:id',
    { schema: { params: IdParams, body: UpdatePresetRequest, response: { 200: Preset } } },
    (request) => presets.updatePreset(callerOf(request).id, request.params.id, request.body),
  );

  app.delete('/api/presets/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await presets.deletePreset(callerOf(request).id, request.params.id);
    return reply.status(204).send();
  });
}
