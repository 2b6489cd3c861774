import { CreatePresetRequest, Preset, PresetList, UpdatePresetRequest } from '@vivier/contracts';
import { registerCollectionRoutes, type Service } from '@vivier/service-kit';
import type { PresetService } from '../services/preset-service';

export async function presetRoutes(app: Service, { presets }: { presets: PresetService }) {
  app.addHook('onRequest', app.authenticate);
  registerCollectionRoutes(app, '/api/presets', {
    schemas: { list: PresetList, item: Preset, create: CreatePresetRequest, update: UpdatePresetRequest },
    list: async (userId) => ({ items: await presets.listPresets(userId) }),
    create: (userId, body) => presets.createPreset(userId, body),
    update: (userId, id, body) => presets.updatePreset(userId, id, body),
    remove: (userId, id) => presets.deletePreset(userId, id),
  });
}
