import { catalogueModelsOf, overriddenModel } from './admin-providers';
import {
  createAdminSettingsCache,
  endpointModelCache,
  PROVIDER_SETTINGS_TTL_MS,
  type AdminEntry,
  type AdminSettingsSource,
} from './admin-settings-cache';
import { catalogueFor, findModel, OFFLINE_DEMO_MODEL_IDS, unknownModel } from './catalogue';
import { createProvider } from './create-provider';
import { accessListsOf, createMembershipCache, isAllowed, type AccessLists } from './model-access';
import type { ConfiguredProvider } from './provider-env';
import type { AIProvider, ModelInfo, ProviderKind } from './types';

export type ListedModel = ModelInfo & {
  /** The chat's `provider` value for this model: a kind for env providers, a `prv_…` id for admin rows. */
  providerId: string;
  /** The admin's name for the provider (admin rows only). */
  providerLabel?: string;
  offlineDemo?: boolean;
  /** The admin's default model (at most one in the list). */
  isDefault?: boolean;
  /** Group lists the user must each match (provider's, model's); absent: everyone may use it. */
  accessLists?: AccessLists;
};

/** Why a chat cannot use a model, or the model it can use. */
export type ModelCheck =
  | { model: ListedModel; reason?: undefined; forbidden?: undefined }
  | { model?: undefined; reason: string; forbidden?: boolean };

/** A provider ready for a call, with the model facts (limits, overridden prices) it is called with. */
export interface ResolvedProvider {
  id: string;
  kind: ProviderKind;
  provider: AIProvider;
  /** Context window, output limit and capabilities of `modelId` (a placeholder for unknown ids), priced with the admin's overrides. */
  modelInfo(modelId: string): ModelInfo;
  /** Why an admin has taken `modelId` away, or undefined when it may be used. */
  disabledReason(modelId: string): string | undefined;
}

/**
 * The providers chat-service offers and provider-worker calls: env providers plus admin-managed
 * ProviderConfig rows.
 *
 * Addressing (the `provider` value a chat stores and `GET /api/models` items carry):
 * - env providers keep their kind name (`openai`, `anthropic`, `google`, `openai-compatible`), so
 *   every chat created before admin settings existed still resolves;
 * - an admin row is addressed by its id (`prv_…`); its `kind` decides the wire format. Its API key
 *   is decrypted with the secret box and every request goes through the egress guard.
 *
 * Admin overrides apply to their row's models: `enabled: false` hides a model (and refuses chats on
 * it), prices replace the catalogue's for listing and for cost, and the default model is flagged.
 * A disabled row hides all its models. Rows are read through `admin.load()` at most once per TTL
 * (5 s) and at once after `invalidate()` (admin-service publishes a change on Redis), so a change
 * applies within seconds without restarts and no request waits on the database more than once per TTL.
 */
export function createProviderRegistry(
  configured: ConfiguredProvider[],
  options: { fetch?: typeof fetch; admin?: AdminSettingsSource } = {},
) {
  const envProviders = new Map<
    string,
    { config: ConfiguredProvider; provider: AIProvider; endpointModels: () => Promise<ModelInfo[]> }
  >();
  for (const config of configured) {
    const provider = createProvider({
      kind: config.kind,
      apiKey: config.apiKey,
      baseUrl: config.baseUrl,
      fetch: options.fetch,
    });
    envProviders.set(config.kind, { config, provider, endpointModels: endpointModelCache(provider) });
  }

  const { admin } = options;
  const settings = createAdminSettingsCache(admin);
  const adminSettings = settings.entries;
  const membership = createMembershipCache(
    admin?.loadGroupIds ?? (() => Promise.resolve([])),
    admin?.ttlMs ?? PROVIDER_SETTINGS_TTL_MS,
  );

  async function envModels(): Promise<ListedModel[]> {
    const lists = await Promise.all(
      [...envProviders.values()].map(async ({ config, endpointModels }) => {
        let models: ModelInfo[];
        if (config.modelIds)
          models = config.modelIds.map((id) => findModel(config.kind, id) ?? unknownModel(config.kind, id));
        else if (config.kind !== 'openai-compatible')
          models = catalogueFor(config.kind).filter((model) => !OFFLINE_DEMO_MODEL_IDS.includes(model.id));
        else models = await endpointModels();
        const access = (await settings.envAccess()).get(config.kind);
        return models.map((model): ListedModel => {
          const accessLists = accessListsOf(access?.accessGroupIds, access?.modelGroupIds[model.id]);
          return {
            ...model,
            providerId: config.kind,
            ...(config.offlineDemo ? { offlineDemo: true } : {}),
            ...(accessLists.length > 0 ? { accessLists } : {}),
          };
        });
      }),
    );
    return lists.flat();
  }

  /**
   * The group lists a user must match to use a model: an admin row's, or (for an env provider,
   * which has no row) its EnvProviderAccess lists. The one place access is decided from.
   */
  async function accessListsFor(providerId: string, modelId: string): Promise<AccessLists> {
    const entry = (await adminSettings()).get(providerId);
    if (entry) return accessListsOf(entry.accessGroupIds, entry.overrides[modelId]?.groupIds);
    if (!envProviders.has(providerId)) return [];
    const access = (await settings.envAccess()).get(providerId);
    return accessListsOf(access?.accessGroupIds, access?.modelGroupIds[modelId]);
  }

  async function adminModelsOf(entry: AdminEntry): Promise<ListedModel[]> {
    if (!entry.enabled || !entry.provider) return [];
    let models: ModelInfo[];
    if (entry.endpointModels) {
      // The endpoint's own list, plus models the admin named (priced or made the default) that it did not list.
      const listed = await entry.endpointModels();
      const ids = new Set(listed.map((model) => model.id));
      const named = Object.keys(entry.overrides)
        .filter((id) => !ids.has(id))
        .map((id) => overriddenModel(entry.kind, id, entry.overrides));
      models = [
        ...listed.map((model) => overriddenModel(entry.kind, model.id, entry.overrides)),
        ...named,
      ].filter((model) => entry.overrides[model.id]?.enabled !== false);
    } else {
      models = catalogueModelsOf(entry);
    }
    return models.map((model): ListedModel => {
      const accessLists = accessListsOf(entry.accessGroupIds, entry.overrides[model.id]?.groupIds);
      return {
        ...model,
        providerId: entry.id,
        providerLabel: entry.label,
        ...(model.id === entry.defaultModelId ? { isDefault: true } : {}),
        ...(accessLists.length > 0 ? { accessLists } : {}),
      };
    });
  }

  /** Every model offered; with `userId`, only those that user may use. */
  async function listModels(userId?: string): Promise<ListedModel[]> {
    const entries = await adminSettings();
    const lists = await Promise.all([envModels(), ...[...entries.values()].map(adminModelsOf)]);
    const models = lists.flat();
    if (userId === undefined || !models.some((model) => model.accessLists)) return models;
    const groups = await membership.groupsOf(userId);
    return models.filter((model) => isAllowed(model.accessLists, groups));
  }

  /** Why `userId` may not use this model, or undefined (an unrestricted model reads no membership). */
  async function accessReason(
    providerId: string,
    modelId: string,
    userId: string,
  ): Promise<string | undefined> {
    const lists = await accessListsFor(providerId, modelId);
    if (lists.length === 0) return undefined;
    if (isAllowed(lists, await membership.groupsOf(userId))) return undefined;
    return `you do not have access to "${modelId}"; an administrator limits it to certain groups`;
  }

  /** Why nothing of this row may be used, or undefined. */
  function providerDisabledReason(entry: AdminEntry): string | undefined {
    if (!entry.enabled) return `the provider "${entry.label}" has been disabled by an administrator`;
    if (!entry.provider)
      return `the provider "${entry.label}" cannot be used: ${entry.unusable ?? 'its settings are invalid'}`;
    return undefined;
  }

  function disabledReasonOf(entry: AdminEntry, modelId: string): string | undefined {
    const reason = providerDisabledReason(entry);
    if (reason) return reason;
    if (entry.overrides[modelId]?.enabled === false)
      return `"${modelId}" has been disabled by an administrator`;
    return undefined;
  }

  return {
    listModels,
    accessReason,

    /** Each env-configured provider with every model it offers (for the admins' access settings). */
    async listEnvProviders(): Promise<
      Array<{ kind: ProviderKind; offlineDemo: boolean; models: ListedModel[] }>
    > {
      const models = await envModels();
      return [...envProviders.values()].map(({ config }) => ({
        kind: config.kind,
        offlineDemo: config.offlineDemo === true,
        models: models.filter((model) => model.providerId === config.kind),
      }));
    },

    /** The model's entry when a configured, enabled provider offers it; undefined otherwise. */
    async findModel(providerId: string, modelId: string): Promise<ListedModel | undefined> {
      return (await this.checkModel(providerId, modelId)).model;
    },

    /**
     * Like findModel, with the reason a chat cannot use the model (for a clear 4xx). With `userId`,
     * a model that user may not use is refused with `forbidden: true`.
     */
    async checkModel(providerId: string, modelId: string, userId?: string): Promise<ModelCheck> {
      const entry = (await adminSettings()).get(providerId);
      if (entry) {
        const reason = disabledReasonOf(entry, modelId);
        if (reason) return { reason };
      }
      if (userId !== undefined && (entry || envProviders.has(providerId))) {
        const denied = await accessReason(providerId, modelId, userId);
        if (denied) return { reason: denied, forbidden: true };
      }
      const model = (await listModels()).find(
        (listed) => listed.providerId === providerId && listed.id === modelId,
      );
      if (model) return { model };
      return {
        reason: entry
          ? `"${modelId}" is not offered by the provider "${entry.label}"`
          : `"${modelId}" is not offered by a configured ${providerId} provider`,
      };
    },

    /**
     * The provider a chat's `provider` value names, or undefined when nothing configured answers to
     * it (an env provider no longer set, an admin row deleted). A disabled row still resolves, so the
     * caller can say why it may not be used (`disabledReason`).
     */
    async resolve(providerId: string): Promise<ResolvedProvider | undefined> {
      const env = envProviders.get(providerId);
      if (env) {
        const kind = env.config.kind;
        return {
          id: providerId,
          kind,
          provider: env.provider,
          modelInfo: (modelId) => findModel(kind, modelId) ?? unknownModel(kind, modelId),
          disabledReason: () => undefined,
        };
      }
      const entry = (await adminSettings()).get(providerId);
      if (!entry?.provider) return undefined;
      const { kind, overrides } = entry;
      return {
        id: providerId,
        kind,
        provider: entry.provider,
        modelInfo: (modelId) => overriddenModel(kind, modelId, overrides),
        disabledReason: (modelId) => disabledReasonOf(entry, modelId),
      };
    },

    /** Drops the cached admin settings: the next call reads the rows again. */
    invalidate(): void {
      membership.clear();
      settings.invalidate();
    },
  };
}

export type ProviderRegistry = ReturnType<typeof createProviderRegistry>;
