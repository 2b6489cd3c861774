import { z } from 'zod';
import { egressEnv, egressPolicyFromEnv } from './egress-env';
import { providersFromEnv, type ProviderEnv } from './provider-env';
import { createProviderRegistry, type ProviderRegistry } from './provider-registry';
import type { ProviderSettingsRow } from './admin-providers';
import type { EnvProviderAccessRow } from './env-access';
import { secretBoxEnv, secretBoxFromEnv } from './secret-box';

interface WarnLogger {
  warn(fields: object, message: string): void;
}

/**
 * Env of a service that uses admin-managed providers (chat-service, provider-worker), spread next
 * to `providerEnv`: the key admin-service encrypts API keys with, its egress allow-list, and how
 * long ProviderConfig rows are cached.
 */
export const adminProviderEnv = {
  /** base64 of 32 bytes, the same as admin-service's. Required in production; elsewhere the public development key. */
  ...secretBoxEnv,
  /** EGRESS_ALLOW_PRIVATE / EGRESS_ALLOWED_HOSTS: the same exceptions admin-service checks base URLs with. */
  ...egressEnv,
  /** How long ProviderConfig rows are cached; admin-service's change notice on Redis drops the cache sooner. */
  PROVIDER_SETTINGS_TTL_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
};

/** What a service that offers or calls providers reads from its env (providerEnv and adminProviderEnv). */
export type ProviderRegistryEnv = ProviderEnv & {
  NODE_ENV: string;
  PROVIDER_KEY_ENCRYPTION_KEY?: string;
  EGRESS_ALLOW_PRIVATE?: boolean;
  EGRESS_ALLOWED_HOSTS?: string[];
  PROVIDER_SETTINGS_TTL_MS?: number;
};

/**
 * chat-service's and provider-worker's registry: env providers, plus the admin's ProviderConfig
 * rows read with `load` (keys decrypted with PROVIDER_KEY_ENCRYPTION_KEY, calls guarded with the
 * same EGRESS_* allow-list admin-service checks URLs with). Throws in production without a key,
 * like admin-service: a key that differs from admin-service's could not decrypt anything.
 */
export function providerRegistryFromEnv(
  env: ProviderRegistryEnv,
  options: {
    load: () => Promise<ProviderSettingsRow[]>;
    /** The EnvProviderAccess rows (who may use env providers); read with `load`. */
    loadEnvAccess?: () => Promise<EnvProviderAccessRow[]>;
    /** A user's group ids, for model access. */
    loadGroupIds?: (userId: string) => Promise<string[]>;
    logger: WarnLogger;
    fetch?: typeof fetch;
  },
): ProviderRegistry {
  const { logger } = options;
  return createProviderRegistry(providersFromEnv(env), {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    admin: {
      load: options.load,
      ...(options.loadEnvAccess ? { loadEnvAccess: options.loadEnvAccess } : {}),
      ...(options.loadGroupIds ? { loadGroupIds: options.loadGroupIds } : {}),
      secretBox: secretBoxFromEnv(env),
      egressPolicy: egressPolicyFromEnv(env),
      ...(env.PROVIDER_SETTINGS_TTL_MS === undefined ? {} : { ttlMs: env.PROVIDER_SETTINGS_TTL_MS }),
      onUnusableRow: (row, reason) =>
        logger.warn({ providerId: row.id, reason }, 'admin-managed provider cannot be used'),
      onLoadError: (error) =>
        logger.warn({ err: error }, 'could not read provider settings; the last ones read stay in use'),
    },
  });
}
