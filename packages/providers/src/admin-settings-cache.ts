import {
  buildAdminProvider,
  rowSignature,
  type AdminProvider,
  type AdminProviderOptions,
  type ProviderSettingsRow,
} from './admin-providers';
import { envAccessOf, type EnvAccess, type EnvProviderAccessRow } from './env-access';
import type { AIProvider, ModelInfo } from './types';

export interface AdminSettingsSource extends AdminProviderOptions {
  /** Reads every ProviderConfig row (one query); called at most once per `ttlMs`, and after `invalidate()`. */
  load(): Promise<ProviderSettingsRow[]>;
  /** Reads the access lists of env-configured providers (one query), with the rows. */
  loadEnvAccess?: () => Promise<EnvProviderAccessRow[]>;
  /** How long rows are trusted before they are read again. Default 5 s. */
  ttlMs?: number;
  /** A user's group ids (model access); without it, restricted models are refused to everyone. */
  loadGroupIds?: (userId: string) => Promise<string[]>;
  /** Told when reading the rows fails (the last rows read stay in use). */
  onLoadError?: (error: unknown) => void;
}

const ENDPOINT_MODELS_TTL_MS = 60_000;
export const PROVIDER_SETTINGS_TTL_MS = 5_000;

/** A self-hosted endpoint's models change as its operator pulls them: ask it, briefly cached. */
export function endpointModelCache(provider: AIProvider) {
  let cached: { at: number; models: ModelInfo[] } | undefined;
  return async (): Promise<ModelInfo[]> => {
    if (!cached || Date.now() - cached.at > ENDPOINT_MODELS_TTL_MS) {
      const models = await provider
        .listModels({ signal: AbortSignal.timeout(3_000) })
        .catch(() => cached?.models ?? []);
      cached = { at: Date.now(), models };
    }
    return cached.models;
  };
}

/** An admin row's provider, with its endpoint's model list cached when it is self-hosted. */
export type AdminEntry = AdminProvider & { endpointModels?: () => Promise<ModelInfo[]> };

/**
 * The admin-managed ProviderConfig rows, read through `admin.load()` at most once per TTL and at
 * once after `invalidate()`; concurrent callers share one read, and a failed read keeps the last
 * rows. Without `admin`, there are none.
 */
export function createAdminSettingsCache(admin: AdminSettingsSource | undefined) {
  const ttlMs = admin?.ttlMs ?? PROVIDER_SETTINGS_TTL_MS;
  let adminEntries = new Map<string, AdminEntry>();
  let envAccess = new Map<string, EnvAccess>();
  let loadedAt = -Infinity;
  let loading: Promise<Map<string, AdminEntry>> | undefined;
  let reads = 0;
  let invalidations = 0;

  async function reload(): Promise<Map<string, AdminEntry>> {
    if (!admin) return adminEntries;
    const read = ++reads;
    const invalidationsBefore = invalidations;
    try {
      const [rows, envRows] = await Promise.all([admin.load(), admin.loadEnvAccess?.() ?? []]);
      // A newer read (started by invalidate()) wins over this one, whichever finishes first.
      if (read !== reads) return (await loading) ?? adminEntries;
      const next = new Map<string, AdminEntry>();
      for (const row of rows) {
        const previous = adminEntries.get(row.id);
        // An unchanged row keeps its provider (and its endpoint's cached model list).
        next.set(
          row.id,
          previous?.signature === rowSignature(row)
            ? previous
            : withEndpointCache(buildAdminProvider(row, admin)),
        );
      }
      adminEntries = next;
      envAccess = new Map(envRows.map((row) => [row.kind, envAccessOf(row)]));
      // Invalidated while reading: these rows may predate the change, so the next call reads again.
      loadedAt = invalidations === invalidationsBefore ? Date.now() : -Infinity;
    } catch (error) {
      admin.onLoadError?.(error);
      // Keep serving the last rows read; try again after a short pause rather than on every call.
      loadedAt = Date.now() - ttlMs + Math.min(ttlMs, 1_000);
    }
    return adminEntries;
  }

  function withEndpointCache(entry: AdminProvider): AdminEntry {
    return entry.provider && entry.kind === 'openai-compatible'
      ? { ...entry, endpointModels: endpointModelCache(entry.provider) }
      : entry;
  }

  async function adminSettings(): Promise<Map<string, AdminEntry>> {
    if (!admin || Date.now() - loadedAt < ttlMs) return adminEntries;
    if (!loading) {
      const current = reload().finally(() => {
        if (loading === current) loading = undefined;
      });
      loading = current;
    }
    return loading;
  }

  return {
    entries: adminSettings,
    /** The env providers' access lists by kind, read with the rows (same TTL, same invalidation). */
    async envAccess(): Promise<Map<string, EnvAccess>> {
      await adminSettings();
      return envAccess;
    },
    /** Drops the cached rows: the next call reads them again. */
    invalidate(): void {
      invalidations += 1;
      loadedAt = -Infinity;
      // A read already under way may have missed the change: the next call starts a new one.
      loading = undefined;
    },
  };
}
