import {
  ProviderKind,
  StoredModelOverrides,
  type DefaultModel,
  type ModelOverrides,
  type ProviderSettings,
  type ProviderView,
} from '@vivier/contracts';
import type { ProviderConfig, ProviderSettingsRecord } from '@vivier/db';
import { catalogueFor, OFFLINE_DEMO_MODEL_IDS, type ProviderSettingsRow } from '@vivier/providers';

/** The columns providers are read with, and when the row was added (the admin's list order). */
export type StoredProvider = ProviderSettingsRecord & Pick<ProviderConfig, 'createdAt'>;

/** A row, or a row as it is about to be written (the shape the other services read, too). */
export type ProviderFields = ProviderSettingsRow;

/** The stored overrides column; a row written outside this service that breaks the shape reads as none. */
export function storedOverridesOf(row: { modelOverrides: unknown }): StoredModelOverrides {
  const parsed = StoredModelOverrides.safeParse(row.modelOverrides);
  return parsed.success ? parsed.data : {};
}

/** Wire overrides: the stored ones without the default-model marker. */
function wireOverrides(stored: StoredModelOverrides): ModelOverrides {
  const overrides: ModelOverrides = {};
  for (const [model, { isDefault: _isDefault, ...override }] of Object.entries(stored)) {
    if (Object.keys(override).length > 0) overrides[model] = override;
  }
  return overrides;
}

function kindOf(row: { kind: string }) {
  const parsed = ProviderKind.safeParse(row.kind);
  return parsed.success ? parsed.data : 'openai-compatible';
}

/** What an audit row keeps of a provider: everything an admin sees, the key only as `hasApiKey`. */
export function providerSnapshot(row: ProviderFields) {
  return {
    id: row.id,
    kind: kindOf(row),
    label: row.label,
    baseUrl: row.baseUrl,
    hasApiKey: row.apiKeyEncrypted !== null,
    enabled: row.enabled,
    isDefault: row.isDefault,
    modelOverrides: wireOverrides(storedOverridesOf(row)),
    accessGroupIds: row.accessGroupIds ?? [],
  };
}

function toProviderView(row: StoredProvider): ProviderView {
  const snapshot = providerSnapshot(row);
  return {
    ...snapshot,
    knownModels: catalogueFor(snapshot.kind)
      .filter((model) => !OFFLINE_DEMO_MODEL_IDS.includes(model.id))
      .map((model) => ({ id: model.id, label: model.label, pricing: model.pricing })),
  };
}

/** The default model: the model marked `isDefault` in the overrides of the row marked `isDefault`. */
export function defaultModelOf(
  rows: ReadonlyArray<Pick<StoredProvider, 'id' | 'isDefault' | 'modelOverrides'>>,
): DefaultModel | null {
  for (const row of rows) {
    if (!row.isDefault) continue;
    const model = Object.entries(storedOverridesOf(row)).find(([, override]) => override.isDefault)?.[0];
    if (model) return { provider: row.id, model };
  }
  return null;
}

export function settingsOf(rows: StoredProvider[]): ProviderSettings {
  return { providers: rows.map(toProviderView), defaultModel: defaultModelOf(rows) };
}
