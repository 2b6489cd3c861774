import type {
  CreatePresetRequest,
  CreatePromptRequest,
  Preset,
  Prompt,
  UpdatePresetRequest,
  UpdatePromptRequest,
} from '@vivier/contracts';
import { apiClient, type ApiClient } from './api-client';
import { collectionEndpoints } from './api-collection';
import type { Contracts } from './contracts';

export const presetsQueryKey = ['presets'] as const;
export const promptsQueryKey = ['prompts'] as const;

/** Presets and the prompt library (the settings page, and the composer's `/` list). */
function createPresetsApi(client: ApiClient) {
  return {
    presets: {
      ...collectionEndpoints<Preset, CreatePresetRequest, UpdatePresetRequest>(client, '/api/presets', {
        list: (c: Contracts) => c.PresetList,
        item: (c: Contracts) => c.Preset,
      }),
      /** A new chat with the preset's model and settings (403 MODEL_NOT_ALLOWED when it is not yours to use). */
      startChat: (presetId: string) =>
        client.request('POST', '/api/chats', (c: Contracts) => c.Chat, { body: { presetId } }),
    },
    prompts: collectionEndpoints<Prompt, CreatePromptRequest, UpdatePromptRequest>(client, '/api/prompts', {
      list: (c: Contracts) => c.PromptList,
      item: (c: Contracts) => c.Prompt,
    }),
  };
}

export const presetsApi = createPresetsApi(apiClient);
