import type {
  CreatePresetRequest,
  CreatePromptRequest,
  UpdatePresetRequest,
  UpdatePromptRequest,
} from '@vivier/contracts';
import { apiClient, type ApiClient } from './api-client';
import type { Contracts } from './contracts';

export const presetsQueryKey = ['presets'] as const;
export const promptsQueryKey = ['prompts'] as const;

const path = (base: string, id: string) => `${base}/${encodeURIComponent(id)}`;

/** Presets and the prompt library (the settings page, and the composer's `/` list). */
function createPresetsApi(client: ApiClient) {
  const { request, requestVoid } = client;
  return {
    presets: {
      list: async () => (await request('GET', '/api/presets', (c: Contracts) => c.PresetList)).items,
      create: (body: CreatePresetRequest) =>
        request('POST', '/api/presets', (c: Contracts) => c.Preset, { body }),
      update: (id: string, body: UpdatePresetRequest) =>
        request('PATCH', path('/api/presets', id), (c: Contracts) => c.Preset, { body }),
      remove: (id: string) => requestVoid('DELETE', path('/api/presets', id)),
      /** A new chat with the preset's model and settings (403 MODEL_NOT_ALLOWED when it is not yours to use). */
      startChat: (presetId: string) =>
        request('POST', '/api/chats', (c: Contracts) => c.Chat, { body: { presetId } }),
    },
    prompts: {
      list: async () => (await request('GET', '/api/prompts', (c: Contracts) => c.PromptList)).items,
      create: (body: CreatePromptRequest) =>
        request('POST', '/api/prompts', (c: Contracts) => c.Prompt, { body }),
      update: (id: string, body: UpdatePromptRequest) =>
        request('PATCH', path('/api/prompts', id), (c: Contracts) => c.Prompt, { body }),
      remove: (id: string) => requestVoid('DELETE', path('/api/prompts', id)),
    },
  };
}

export const presetsApi = createPresetsApi(apiClient);
