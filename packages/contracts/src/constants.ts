/*
 * The wire's constants and guards that need no zod. The web app imports them on first paint
 * (`@vivier/contracts/constants`), where zod and the schemas would add ~39 KiB gzip to every
 * page; the schemas are built from these same values, so each list exists once.
 */

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Files one message can carry. */
export const MESSAGE_MAX_FILES = 10;

/** The providers Vivier speaks to; `ProviderKind` (chat.ts) is the schema over this list. */
export const providerKinds = ['openai', 'anthropic', 'google', 'openai-compatible'] as const;

export function isProviderKind(value: string): value is (typeof providerKinds)[number] {
  return (providerKinds as readonly string[]).includes(value);
}

/** The random part of an id, after its prefix. */
export const ID_RANDOM_LENGTH = 20;

/** The shape of the ids we mint (`usr_` + 20 base36 characters); ids.ts builds every kind's. */
export function idPattern(prefix: string): RegExp {
  return new RegExp(`^${prefix}_[0-9a-z]{${ID_RANDOM_LENGTH}}$`);
}

// `idPrefix.provider` (ids.ts is not imported: its id minting would ride along into the
// first-load bundle; constants.test.ts holds the two equal).
const adminProviderId = idPattern('prv');

/** What a chat may name as its provider (`ProviderId`): a built-in kind or an admin provider's id. */
export function isProviderId(value: string): boolean {
  return isProviderKind(value) || adminProviderId.test(value);
}

export const terminalFrameTypes = ['done', 'error', 'cancelled'] as const;

/** A frame after which a generation's stream carries nothing more. */
export function isTerminalFrame(frame: { type: string }): boolean {
  return (terminalFrameTypes as readonly string[]).includes(frame.type);
}

/**
 * Why a single sign-on ended on the login page (`/login?sso_error=…`); `OidcSignInFailure`
 * (oidc.ts) is the schema over this list, and the web app words each one.
 */
export const oidcSignInFailures = [
  'unknown_provider',
  'state_mismatch',
  'signin_failed',
  'email_missing',
  'link_not_allowed',
  'account_disabled',
  'signup_closed',
  'groups_unavailable',
] as const;

export function isOidcSignInFailure(value: string): value is (typeof oidcSignInFailures)[number] {
  return (oidcSignInFailures as readonly string[]).includes(value);
}
