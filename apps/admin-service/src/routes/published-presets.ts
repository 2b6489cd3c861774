import {
  PublishedPreset,
  PublishedPresetList,
  PublishPresetRequest,
  UpdatePublishedPresetRequest,
} from '@vivier/contracts';
import { registerCollectionRoutes, type Service } from '@vivier/service-kit';
import type { PublishedPresetService } from '../services/published-preset-service';

export async function publishedPresetRoutes(app: Service, { presets }: { presets: PublishedPresetService }) {
  registerCollectionRoutes(app, '/api/admin/presets', {
    schemas: {
      list: PublishedPresetList,
      item: PublishedPreset,
      create: PublishPresetRequest,
      update: UpdatePublishedPresetRequest,
    },
    list: async () => ({ items: await presets.list() }),
    create: (adminId, body) => presets.publish(adminId, body),
    update: (adminId, id, body) => presets.update(adminId, id, body),
    remove: (adminId, id) => presets.remove(adminId, id),
  });
}
