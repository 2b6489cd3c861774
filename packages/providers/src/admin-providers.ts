import { ProviderKind, StoredModelOverrides } from '@vivier/contracts';
import { catalogueFor, findModel, OFFLINE_DEMO_MODEL_IDS, unknownModel } from './catalogue';
import { createProvider } from './create-provider';
import type { EgressPolicy } from './egress-policy';
import { guardedFetch } from './guarded-fetch';
import type { SecretBox } from './secret-box';
import type { AIProvider, ModelInfo } from './types';

/**
 * A ProviderConfig row as chat-service and provider-worker read it. admin-service owns and writes
 * the table; the others only read it (through `$queryRaw`, see @vivier/db `readProviderSettings`).
 */
export interface ProviderSettingsRow {
  id: string;
  kind: string;
  label: string;
  baseUrl: string | null;
  apiKeyEncrypted: string | null;
  enabled: boolean;
  isDefault: boolean;
  modelOverrides: unknown;
  /** Groups allowed to use this provider; empty or absent: everyone. */
  accessGroupIds?: string[];
}

/** What the registry needs to turn rows into providers. */
export interface AdminProviderOptions {
  secretBox: Pick<SecretBox, 'decrypt'>;
  /** Every call to an admin-managed provider goes through the egress guard with this policy. */
  egressPolicy: EgressPolicy;
  /** Told about a row that cannot be used (unknown kind, key that does not decrypt). */
  onUnusableRow?: (row: ProviderSettingsRow, reason: string) => void;
}

/** One admin-managed provider, built from its row. */
export interface AdminProvider {
  id: string;
  kind: ProviderKind;
  label: string;
  enabled: boolean;
  overrides: StoredModelOverrides;
  /** Groups allowed to use the provider; empty: everyone. */
  accessGroupIds: string[];
  /** The row's default model, when this row is the default provider. */
  defaultModelId: string | undefined;
  /** Undefined when the row cannot be called (see `unusable`). */
  provider: AIProvider | undefined;
  /** Why the row cannot be called, in words for an admin. */
  unusable?: string;
  /** The columns the provider was built from: a changed row is built again, an unchanged one kept. */
  signature: string;
}

export function overridesOf(row: Pick<ProviderSettingsRow, 'modelOverrides'>): StoredModelOverrides {
  const value =
    typeof row.modelOverrides === 'string' ? (JSON.parse(row.modelOverrides) as unknown) : row.modelOverrides;
  const parsed = StoredModelOverrides.safeParse(value);
  return parsed.success ? parsed.data : {};
}

/** A model with the admin's price override (either side may be overridden alone). */
function withOverride(model: ModelInfo, overrides: StoredModelOverrides): ModelInfo {
  const override = overrides[model.id];
  if (!override || (override.inputPerMTokMicros === undefined && override.outputPerMTokMicros === undefined))
    return model;
  return {
    ...model,
    pricing: {
      inputPerMTokMicros: override.inputPerMTokMicros ?? model.pricing.inputPerMTokMicros,
      outputPerMTokMicros: override.outputPerMTokMicros ?? model.pricing.outputPerMTokMicros,
    },
  };
}

/** Catalogue (or placeholder) entry of `id` for `kind`, priced as the admin says. */
export function overriddenModel(kind: ProviderKind, id: string, overrides: StoredModelOverrides): ModelInfo {
  return withOverride(findModel(kind, id) ?? unknownModel(kind, id), overrides);
}

/** The models an official provider row offers: the catalogue with overrides applied, disabled ones out. */
export function catalogueModelsOf(entry: Pick<AdminProvider, 'kind' | 'overrides'>): ModelInfo[] {
  return catalogueFor(entry.kind)
    .filter(
      (model) => !OFFLINE_DEMO_MODEL_IDS.includes(model.id) && entry.overrides[model.id]?.enabled !== false,
    )
    .map((model) => withOverride(model, entry.overrides));
}

/** The columns a provider is built from: equal signatures, equal providers. */
export function rowSignature(row: ProviderSettingsRow): string {
  return JSON.stringify([
    row.kind,
    row.label,
    row.baseUrl,
    row.apiKeyEncrypted,
    row.enabled,
    row.isDefault,
    overridesOf(row),
    row.accessGroupIds ?? [],
  ]);
}

/**
 * Builds the provider of one row: its key decrypted, every request through the egress guard (an
 * admin-entered URL must never reach loopback, private or metadata addresses unless the operator
 * allowed it), and the overridden prices as its model list so `calculateCost` bills with them.
 */
export function buildAdminProvider(row: ProviderSettingsRow, options: AdminProviderOptions): AdminProvider {
  const overrides = overridesOf(row);
  const defaultModelId = row.isDefault
    ? Object.entries(overrides).find(([, override]) => override.isDefault)?.[0]
    : undefined;
  const kindParsed = ProviderKind.safeParse(row.kind);
  const base = {
    id: row.id,
    kind: kindParsed.success ? kindParsed.data : ('openai-compatible' as const),
    label: row.label,
    enabled: row.enabled,
    overrides,
    accessGroupIds: row.accessGroupIds ?? [],
    defaultModelId,
    signature: rowSignature(row),
  };
  const unusable = (reason: string): AdminProvider => {
    options.onUnusableRow?.(row, reason);
    return { ...base, provider: undefined, unusable: reason };
  };
  if (!kindParsed.success) return unusable(`unknown provider kind "${row.kind}"`);
  const kind = kindParsed.data;
  let apiKey: string | undefined;
  if (row.apiKeyEncrypted) {
    try {
      apiKey = options.secretBox.decrypt(row.apiKeyEncrypted);
    } catch {
      return unusable('its API key does not decrypt with PROVIDER_KEY_ENCRYPTION_KEY');
    }
  }
  if (kind === 'openai-compatible' && !row.baseUrl)
    return unusable('an OpenAI-compatible provider needs a base URL');
  if (kind !== 'openai-compatible' && !apiKey) return unusable(`no API key is set for this ${kind} provider`);
  const models = Object.keys(overrides).map((id) => overriddenModel(kind, id, overrides));
  try {
    const provider = createProvider({
      kind,
      apiKey,
      baseUrl: row.baseUrl ?? undefined,
      fetch: guardedFetch(options.egressPolicy),
      models,
    });
    return { ...base, provider };
  } catch (error) {
    return unusable(error instanceof Error ? error.message : 'its settings are invalid');
  }
}
