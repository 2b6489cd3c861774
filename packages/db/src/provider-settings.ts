import { readGroupIdsOf } from './group-membership';
import type { EnvProviderAccess, PrismaClient, ProviderConfig } from './generated/prisma/client';

/** A ProviderConfig row as the services that call providers need it (the model's own columns). */
export type ProviderSettingsRecord = Pick<
  ProviderConfig,
  | 'id'
  | 'kind'
  | 'label'
  | 'baseUrl'
  | 'apiKeyEncrypted'
  | 'enabled'
  | 'isDefault'
  | 'modelOverrides'
  | 'accessGroupIds'
>;

/**
 * Every ProviderConfig row, for chat-service and provider-worker. admin-service owns the table;
 * this is a read across services, so it goes through `$queryRaw` (the per-service views have no
 * write access to it). One query; callers cache the result briefly.
 */
export function readProviderSettings(db: Pick<PrismaClient, '$queryRaw'>): Promise<ProviderSettingsRecord[]> {
  return db.$queryRaw<ProviderSettingsRecord[]>`
    SELECT "id", "kind", "label", "baseUrl", "apiKeyEncrypted", "enabled", "isDefault", "modelOverrides",
      "accessGroupIds"
    FROM "ProviderConfig"
    ORDER BY "createdAt" ASC, "id" ASC`;
}

/** Who may use an env-configured provider and its models (EnvProviderAccess, owned by admin-service). */
export type EnvProviderAccessRecord = Pick<EnvProviderAccess, 'kind' | 'accessGroupIds' | 'modelGroupIds'>;

/** Every EnvProviderAccess row, read across services like readProviderSettings (one query, cached by callers). */
export function readEnvProviderAccess(
  db: Pick<PrismaClient, '$queryRaw'>,
): Promise<EnvProviderAccessRecord[]> {
  return db.$queryRaw<EnvProviderAccessRecord[]>`
    SELECT "kind", "accessGroupIds", "modelGroupIds" FROM "EnvProviderAccess" ORDER BY "kind" ASC`;
}

/**
 * What a provider registry reads from the database (`providerRegistryFromEnv`'s loaders): the
 * admin-managed providers, who may use the env providers, and a user's groups.
 */
export function providerSettingsLoaders(db: Pick<PrismaClient, '$queryRaw'>) {
  return {
    load: () => readProviderSettings(db),
    loadEnvAccess: () => readEnvProviderAccess(db),
    loadGroupIds: (userId: string) => readGroupIdsOf(db, userId),
  };
}
