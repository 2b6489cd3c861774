import type { ErrorDetail, ProviderSettingsUpdate, StoredModelOverrides } from '@vivier/contracts';
import type { AuditRecord } from './audit-log';
import { defaultModelOf, providerSnapshot, storedOverridesOf, type StoredProvider } from './provider-view';

type KeyChange = { action: 'keep' } | { action: 'remove' } | { action: 'set'; value: string };

/** A provider row as it will be after the update (the key still in clear until it is written). */
export interface PlannedProvider {
  id: string;
  isNew: boolean;
  kind: string;
  label: string;
  baseUrl: string | null;
  enabled: boolean;
  isDefault: boolean;
  modelOverrides: StoredModelOverrides;
  accessGroupIds: string[];
  key: KeyChange;
}

export interface ProviderPlan {
  errors: ErrorDetail[];
  /** Base URLs that are new or changed: each must pass the egress guard before anything is written. */
  urlsToCheck: Array<{ path: string; url: string }>;
  /** Only providers that are new or differ from their row. */
  writes: PlannedProvider[];
  deletes: string[];
  audits: Array<Omit<AuditRecord, 'actorId'>>;
}

/** JSON with object keys sorted, so two equal settings compare equal whatever order a client sent. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

/**
 * Works out what a `PUT /api/admin/providers` means against the stored rows: validation errors,
 * which URLs need the egress guard, the rows to write and delete, and one audit record per change.
 * Pure, so it can run again inside the transaction against rows read under the lock.
 */
export function planProviderUpdate(
  rows: StoredProvider[],
  update: ProviderSettingsUpdate,
  mintId: () => string,
): ProviderPlan {
  const errors: ErrorDetail[] = [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const seen = new Set<string>();
  const { defaultModel } = update;

  update.providers.forEach((input, index) => {
    if (input.id === undefined) return;
    if (seen.has(input.id)) errors.push({ path: `providers.${index}.id`, message: 'appears more than once' });
    seen.add(input.id);
    if (!byId.has(input.id)) {
      errors.push({
        path: `providers.${index}.id`,
        message: 'no provider has this id (leave id out to add a provider)',
      });
    }
  });

  if (defaultModel) {
    const target = update.providers.find(
      (input) => input.id !== undefined && input.id === defaultModel.provider,
    );
    if (!target) {
      errors.push({
        path: 'defaultModel.provider',
        message: 'must be the id of a saved provider listed in `providers`',
      });
    } else if (!target.enabled) {
      errors.push({
        path: 'defaultModel.provider',
        message: 'is disabled; enable it or choose another default',
      });
    } else if (target.modelOverrides[defaultModel.model]?.enabled === false) {
      errors.push({ path: 'defaultModel.model', message: 'is disabled by its model override' });
    }
  }

  const urlsToCheck: ProviderPlan['urlsToCheck'] = [];
  const writes: PlannedProvider[] = [];
  const audits: ProviderPlan['audits'] = [];

  update.providers.forEach((input, index) => {
    const row = input.id === undefined ? undefined : byId.get(input.id);
    if (input.id !== undefined && !row) return;
    const baseUrl = input.baseUrl ?? null;
    const key: KeyChange =
      input.apiKey === undefined
        ? { action: 'keep' }
        : input.apiKey === null
          ? { action: 'remove' }
          : { action: 'set', value: input.apiKey };
    const hadKey = row?.apiKeyEncrypted != null;
    // Never send a stored key somewhere new: moving the endpoint means entering the key again.
    if (row && hadKey && key.action === 'keep' && (baseUrl !== row.baseUrl || input.kind !== row.kind)) {
      errors.push({
        path: `providers.${index}.apiKey`,
        message: 're-enter the API key when changing the base URL or kind',
      });
    }
    if (baseUrl !== null && baseUrl !== row?.baseUrl)
      urlsToCheck.push({ path: `providers.${index}.baseUrl`, url: baseUrl });

    const id = row?.id ?? mintId();
    const isDefault = defaultModel !== null && row !== undefined && defaultModel.provider === row.id;
    const modelOverrides: StoredModelOverrides = { ...input.modelOverrides };
    if (isDefault && defaultModel)
      modelOverrides[defaultModel.model] = { ...modelOverrides[defaultModel.model], isDefault: true };
    const planned: PlannedProvider = {
      id,
      isNew: !row,
      kind: input.kind,
      label: input.label,
      baseUrl,
      enabled: input.enabled,
      isDefault,
      modelOverrides,
      accessGroupIds: input.accessGroupIds ?? row?.accessGroupIds ?? [],
      key,
    };

    const hasKeyAfter = key.action === 'set' || (key.action === 'keep' && hadKey);
    const after = providerSnapshot({ ...planned, apiKeyEncrypted: hasKeyAfter ? 'set' : null });
    const keyChanged = key.action === 'set' || (key.action === 'remove' && hadKey);
    if (!row) {
      writes.push(planned);
      audits.push({ action: 'provider.create', targetType: 'provider', targetId: id, before: null, after });
      return;
    }
    const before = providerSnapshot(row);
    const storedChanged =
      canonical(storedOverridesOf(row)) !== canonical(modelOverrides) || row.isDefault !== isDefault;
    if (!keyChanged && !storedChanged && canonical(before) === canonical(after)) return;
    writes.push(planned);
    audits.push({
      action: 'provider.update',
      targetType: 'provider',
      targetId: id,
      before,
      after: keyChanged ? { ...after, apiKeyChanged: true } : after,
    });
  });

  const kept = new Set(update.providers.map((input) => input.id).filter((id) => id !== undefined));
  const deletes = rows.filter((row) => !kept.has(row.id));
  for (const row of deletes) {
    audits.push({
      action: 'provider.delete',
      targetType: 'provider',
      targetId: row.id,
      before: providerSnapshot(row),
      after: null,
    });
  }

  const previousDefault = defaultModelOf(rows);
  if (canonical(previousDefault) !== canonical(defaultModel)) {
    audits.push({
      action: 'provider.default-model.change',
      targetType: 'settings',
      targetId: 'default-model',
      before: previousDefault,
      after: defaultModel,
    });
  }

  return { errors, urlsToCheck, writes, deletes: deletes.map((row) => row.id), audits };
}
