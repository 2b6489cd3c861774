import type {
  DefaultModel,
  ModelOverride,
  ProviderKind,
  ProviderSettings,
  ProviderSettingsUpdate,
} from '@vivier/contracts';
import { microsToDollarsInput, parseDollarsToMicros } from './money-input';

/** One model row of the provider form: enabled, and optional price overrides typed in dollars. */
export interface ModelDraft {
  id: string;
  label: string;
  /** The catalogue's list prices (micro-dollars per 1M tokens); absent for an endpoint's own models. */
  listPricing?: { inputPerMTokMicros: number; outputPerMTokMicros: number };
  enabled: boolean;
  /** Dollars per 1M tokens as typed; '' keeps the list price. */
  inputPrice: string;
  outputPrice: string;
  /** Groups allowed to use the model; empty: everyone. */
  groupIds: string[];
}

/** One provider as the admin edits it. */
export interface ProviderDraft {
  /** The saved provider's id; undefined until it is saved. */
  id?: string;
  kind: ProviderKind;
  label: string;
  /** '' is none. */
  baseUrl: string;
  hasApiKey: boolean;
  /** A new key as typed ('' keeps the stored one). The stored key is never shown. */
  apiKey: string;
  removeKey: boolean;
  enabled: boolean;
  /** Groups allowed to use this provider; empty: everyone. */
  accessGroupIds: string[];
  models: ModelDraft[];
}

export interface SettingsDraft {
  providers: ProviderDraft[];
  defaultModel: DefaultModel | null;
}

/** The form's starting point from what the API answered. */
export function draftOf(settings: ProviderSettings): SettingsDraft {
  return {
    defaultModel: settings.defaultModel,
    providers: settings.providers.map((provider) => {
      const known = new Set(provider.knownModels.map((model) => model.id));
      const rowOf = (id: string, label: string, listPricing?: ModelDraft['listPricing']): ModelDraft => {
        const override: ModelOverride = provider.modelOverrides[id] ?? {};
        return {
          id,
          label,
          listPricing,
          enabled: override.enabled ?? true,
          inputPrice:
            override.inputPerMTokMicros === undefined
              ? ''
              : microsToDollarsInput(override.inputPerMTokMicros),
          outputPrice:
            override.outputPerMTokMicros === undefined
              ? ''
              : microsToDollarsInput(override.outputPerMTokMicros),
          groupIds: override.groupIds ?? [],
        };
      };
      return {
        id: provider.id,
        kind: provider.kind,
        label: provider.label,
        baseUrl: provider.baseUrl ?? '',
        hasApiKey: provider.hasApiKey,
        apiKey: '',
        removeKey: false,
        enabled: provider.enabled,
        accessGroupIds: provider.accessGroupIds,
        models: [
          ...provider.knownModels.map((model) => rowOf(model.id, model.label, model.pricing)),
          ...Object.keys(provider.modelOverrides)
            .filter((id) => !known.has(id))
            .map((id) => rowOf(id, id)),
        ],
      };
    }),
  };
}

export type FieldErrors = Record<string, string>;

/** Field keys shared by the form and the API's `details[].path`. */
export const fieldKey = {
  baseUrl: (index: number) => `providers.${index}.baseUrl`,
  apiKey: (index: number) => `providers.${index}.apiKey`,
  label: (index: number) => `providers.${index}.label`,
  price: (index: number, modelId: string, side: 'input' | 'output') =>
    `providers.${index}.models.${modelId}.${side}`,
};

/** The `admin.providers.draftErrors` messages, in the reader's language. */
export type DraftErrorText = (key: 'price' | 'name') => string;

/**
 * The whole-document PUT body from the form, or the fields that are not valid yet. Catalogue
 * models only get an override when they differ from the catalogue; an endpoint's own models are
 * always listed (their overrides are how the endpoint's models are known).
 */
export function updateOf(
  draft: SettingsDraft,
  t: DraftErrorText,
): { update: ProviderSettingsUpdate; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const providers = draft.providers.map((provider, index) => {
    const modelOverrides: Record<string, ModelOverride> = {};
    for (const model of provider.models) {
      const override: ModelOverride = {};
      if (!model.enabled) override.enabled = false;
      if (model.groupIds.length > 0) override.groupIds = model.groupIds;
      for (const side of ['input', 'output'] as const) {
        const typed = side === 'input' ? model.inputPrice : model.outputPrice;
        if (typed.trim() === '') continue;
        const micros = parseDollarsToMicros(typed);
        if (micros === null) errors[fieldKey.price(index, model.id, side)] = t('price');
        else override[side === 'input' ? 'inputPerMTokMicros' : 'outputPerMTokMicros'] = micros;
      }
      if (!model.listPricing && override.enabled === undefined) override.enabled = true;
      if (Object.keys(override).length > 0) modelOverrides[model.id] = override;
    }
    if (provider.label.trim() === '') errors[fieldKey.label(index)] = t('name');
    const apiKey = provider.apiKey !== '' ? provider.apiKey : provider.removeKey ? null : undefined;
    return {
      ...(provider.id ? { id: provider.id } : {}),
      kind: provider.kind,
      label: provider.label,
      baseUrl: provider.baseUrl.trim() === '' ? null : provider.baseUrl.trim(),
      ...(apiKey !== undefined ? { apiKey } : {}),
      enabled: provider.enabled,
      accessGroupIds: provider.accessGroupIds,
      modelOverrides,
    };
  });
  return { update: { providers, defaultModel: draft.defaultModel }, errors };
}

/** The API's validation details as form field errors, plus the ones no field shows. */
export function fieldErrorsOf(details: ReadonlyArray<{ path: string; message: string }>): {
  fields: FieldErrors;
  other: string[];
} {
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const detail of details) {
    if (/^providers\.\d+\.(baseUrl|apiKey|label)$/.test(detail.path)) fields[detail.path] = detail.message;
    else other.push(detail.path ? `${detail.path}: ${detail.message}` : detail.message);
  }
  return { fields, other };
}

/** Models that can be the default: enabled models of saved, enabled providers. */
export function defaultModelChoices(
  draft: SettingsDraft,
): Array<{ provider: string; model: string; label: string }> {
  return draft.providers.flatMap((provider) =>
    provider.id && provider.enabled
      ? provider.models
          .filter((model) => model.enabled)
          .map((model) => ({
            provider: provider.id!,
            model: model.id,
            label: `${provider.label} · ${model.label}`,
          }))
      : [],
  );
}
