import { z } from 'zod';
import { AccessGroupIds } from './access';
import { ChatSettings, ProviderId } from './chat';
import { text } from './common';

/** Presets one user may keep (published ones do not count). */
export const PRESETS_MAX_PER_USER = 100;

/**
 * A named starting point for new chats. Reasoning effort joins `settings` once chats have it
 * (issue 17 part 1): presets copy settings whole, so nothing else changes then.
 */
export const Preset = z.object({
  id: z.string(),
  name: z.string(),
  provider: z.string(),
  model: z.string(),
  settings: ChatSettings,
  /** Published by an admin (to everyone or to the caller's groups): read-only to users. */
  shared: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Preset = z.infer<typeof Preset>;

export const PresetList = z.object({ items: z.array(Preset) });
export type PresetList = z.infer<typeof PresetList>;

const presetName = text(100).refine((value) => value.trim().length > 0, 'must not be blank');

export const CreatePresetRequest = z.object({
  name: presetName,
  provider: ProviderId,
  model: z.string().min(1).max(200),
  settings: ChatSettings.optional(),
});
export type CreatePresetRequest = z.infer<typeof CreatePresetRequest>;

export const UpdatePresetRequest = CreatePresetRequest.extend({ settings: ChatSettings }).partial();
export type UpdatePresetRequest = z.infer<typeof UpdatePresetRequest>;

/**
 * A preset an admin publishes (`/api/admin/presets`): to everyone when `groupIds` is empty, else
 * to the members of those groups. Users see it in `GET /api/presets` with `shared: true`.
 */
export const PublishedPreset = Preset.omit({ shared: true }).extend({ groupIds: z.array(z.string()) });
export type PublishedPreset = z.infer<typeof PublishedPreset>;

export const PublishedPresetList = z.object({ items: z.array(PublishedPreset) });
export type PublishedPresetList = z.infer<typeof PublishedPresetList>;

/** Published presets in all (a small, admin-curated list). */
export const PUBLISHED_PRESETS_MAX = 200;

export const PublishPresetRequest = CreatePresetRequest.extend({ groupIds: AccessGroupIds.optional() });
export type PublishPresetRequest = z.infer<typeof PublishPresetRequest>;

export const UpdatePublishedPresetRequest = PublishPresetRequest.extend({
  settings: ChatSettings,
}).partial();
export type UpdatePublishedPresetRequest = z.infer<typeof UpdatePublishedPresetRequest>;
