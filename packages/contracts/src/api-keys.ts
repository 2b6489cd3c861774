import { AccessGroupIds } from './access';
import { z } from 'zod';
import { text } from './common';

/** Every personal API key starts with this, so a leaked one is recognisable (secret scanners). */
export const API_KEY_PREFIX = 'vv-';

/** How many keys one user may hold at once. */
export const API_KEYS_PER_USER = 25;

/** A key as its owner sees it: never the secret, only its first characters. */
export const ApiKey = z.object({
  id: z.string(),
  name: z.string(),
  /** The secret's first characters (`vv-Ab12Cd34`), to tell keys apart. */
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

export const ApiKeyList = z.object({ items: z.array(ApiKey) });
export type ApiKeyList = z.infer<typeof ApiKeyList>;

export const CreateApiKeyRequest = z.object({
  name: text(100).refine((value) => value.trim().length > 0, 'must not be blank'),
});
export type CreateApiKeyRequest = z.infer<typeof CreateApiKeyRequest>;

/** `secret` is shown this once; only its SHA-256 is stored. */
export const CreatedApiKey = z.object({ key: ApiKey, secret: z.string() });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

/** Gateway → auth-service: which user a secret belongs to. */
export const ResolveApiKeyRequest = z.object({ secret: z.string().min(1).max(200) });
export type ResolveApiKeyRequest = z.infer<typeof ResolveApiKeyRequest>;

/** The key's owner and a short-lived access token for them (the gateway forwards /v1 with it). */
export const ResolvedApiKey = z.object({ keyId: z.string(), userId: z.string(), accessToken: z.string() });
export type ResolvedApiKey = z.infer<typeof ResolvedApiKey>;

/**
 * `GET|PUT /api/admin/api-access`: whether `/v1` answers at all, and for whom: `groupIds` empty
 * means every user; otherwise members of those groups (admins always). A PUT without `groupIds`
 * keeps the stored list.
 */
export const ApiAccessSetting = z.object({ enabled: z.boolean(), groupIds: AccessGroupIds });
export type ApiAccessSetting = z.infer<typeof ApiAccessSetting>;
export const ApiAccessUpdate = z.object({ enabled: z.boolean(), groupIds: AccessGroupIds.optional() });
export type ApiAccessUpdate = z.infer<typeof ApiAccessUpdate>;
