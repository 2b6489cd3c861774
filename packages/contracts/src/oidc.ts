import { z } from 'zod';
import { text } from './common';
import { oidcSignInFailures } from './constants';

/**
 * OpenID Connect sign-in. Providers come from the OIDC_PROVIDERS env of auth-service (read-only
 * in the UI) and from admins (stored, client secret encrypted).
 */

/** The slug in /api/auth/oidc/:provider/…: lowercase letters, digits and dashes. */
export const OidcProviderId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1–40 lowercase letters, digits or dashes');

export const OidcProviderButtons = z.object({
  items: z.array(z.object({ id: z.string(), label: z.string() })),
});
export type OidcProviderButtons = z.infer<typeof OidcProviderButtons>;

export const OidcProviderParams = z.object({ provider: z.string().max(100) });

/** The IdP's redirect back: `code` and `state`, or `error`; anything else is ignored. */
export const OidcCallbackQuery = z
  .object({
    code: z.string().max(4000).optional(),
    state: z.string().max(500).optional(),
    error: z.string().max(500).optional(),
  })
  .passthrough();

export const OidcGroupMappingEntry = z.object({
  value: text(200).pipe(z.string().min(1)),
  group: text(100).pipe(z.string().min(1)),
});
export type OidcGroupMappingEntry = z.infer<typeof OidcGroupMappingEntry>;

const settings = {
  label: text(100).pipe(z.string().min(1)),
  issuer: z.url().max(500),
  clientId: text(300).pipe(z.string().min(1)),
  /** Whether a first sign-in may attach to an existing account with the same verified email. */
  allowLinking: z.boolean().default(false),
  /** A claim (e.g. `groups`) that makes the user ADMIN when it holds (or equals) adminValue. */
  adminClaim: text(100).pipe(z.string().min(1)).nullable().default(null),
  adminValue: text(200).pipe(z.string().min(1)).nullable().default(null),
  enabled: z.boolean().default(true),
  /** The ID-token claim whose values `groupMapping` maps to Vivier groups (e.g. Keycloak's `groups`). */
  groupsClaim: text(100).pipe(z.string().min(1)).default('groups'),
  /**
   * Claim value → Vivier group. At every sign-in the user's membership in the groups named here
   * follows the claim (added and removed); other groups are left alone. `group` is a group id (the
   * admin UI stores ids); a provider from env may also name the group.
   */
  groupMapping: z.array(OidcGroupMappingEntry).max(100).default([]),
};

/** One provider as configured by env (`OIDC_PROVIDERS`, a JSON array of these). */
export const OidcProviderEnvEntry = z.object({
  id: OidcProviderId,
  ...settings,
  clientSecret: z.string().min(1).max(1000).optional(),
});
export type OidcProviderEnvEntry = z.infer<typeof OidcProviderEnvEntry>;

/** PUT body: `clientSecret` is write-only — absent keeps the stored one, null removes it. */
export const OidcProviderInput = z.object({
  ...settings,
  clientSecret: z.string().min(1).max(1000).nullable().optional(),
});
export type OidcProviderInput = z.infer<typeof OidcProviderInput>;

/** POST body: a new provider under its own slug. */
export const OidcProviderCreate = OidcProviderInput.extend({ id: OidcProviderId });
export type OidcProviderCreate = z.infer<typeof OidcProviderCreate>;

export const OidcProviderView = z.object({
  id: z.string(),
  label: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  hasClientSecret: z.boolean(),
  allowLinking: z.boolean(),
  adminClaim: z.string().nullable(),
  adminValue: z.string().nullable(),
  groupsClaim: z.string(),
  groupMapping: z.array(OidcGroupMappingEntry),
  enabled: z.boolean(),
  /** `env` providers are read-only here: change them in auth-service's environment. */
  source: z.enum(['env', 'admin']),
});
export type OidcProviderView = z.infer<typeof OidcProviderView>;

export const OidcProviderList = z.object({ items: z.array(OidcProviderView) });
export type OidcProviderList = z.infer<typeof OidcProviderList>;

export const OidcProviderChange = z.object({
  before: OidcProviderView.nullable(),
  after: OidcProviderView.nullable(),
});
export type OidcProviderChange = z.infer<typeof OidcProviderChange>;

/** What the login page is told (`/login?sso_error=…`) when a single sign-on fails. */
export const OidcSignInFailure = z.enum(oidcSignInFailures);
export type OidcSignInFailure = z.infer<typeof OidcSignInFailure>;

/**
 * auth-service → admin-service at an OIDC sign-in (`POST /internal/users/:id/sso-groups`): the
 * provider's mapping and the values its groups claim held. admin-service (which owns Group,
 * GroupMember and AuditLog) applies it before auth-service issues the session.
 */
export const SsoGroupSyncRequest = z.object({
  provider: z.string().min(1).max(100),
  claim: z.string().min(1).max(100),
  mapping: z.array(OidcGroupMappingEntry).max(100),
  claimValues: z.array(z.string().max(1000)).max(1000),
});
export type SsoGroupSyncRequest = z.infer<typeof SsoGroupSyncRequest>;

/** The groups the sign-in added the user to and removed them from (both empty: nothing changed). */
export const SsoGroupSyncResult = z.object({ added: z.array(z.string()), removed: z.array(z.string()) });
export type SsoGroupSyncResult = z.infer<typeof SsoGroupSyncResult>;
