import { z } from 'zod';
import { text } from './common';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './constants';

export const Role = z.enum(['USER', 'ADMIN']);
export type Role = z.infer<typeof Role>;

export const User = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: Role,
  emailVerified: z.boolean(),
  createdAt: z.iso.datetime(),
  /** True while an admin has not yet approved the account ("approval" sign-up policy). */
  pendingApproval: z.boolean().optional(),
  /** Present (true) while the account has no password of its own (made by single sign-on or an admin). */
  passwordless: z.boolean().optional(),
});
export type User = z.infer<typeof User>;

export const Email = z.string().max(254).pipe(z.email('must be a valid email address'));
export const Password = text(PASSWORD_MAX_LENGTH).refine(
  (value) => value.length >= PASSWORD_MIN_LENGTH,
  `must be at least ${PASSWORD_MIN_LENGTH} characters`,
);

export const RegisterRequest = z.object({
  email: Email,
  password: Password,
  name: text(100).optional(),
  /** The token from an invite link (`?invite=`); required under the invite-only policy. */
  invite: z.string().min(1).max(200).optional(),
});
export type RegisterRequest = z.infer<typeof RegisterRequest>;

export const LoginRequest = z.object({
  // Not the registration rules either (an address registered before a rule changed must still
  // log in), but no NUL: it is looked up in PostgreSQL, which refuses the byte.
  email: text(254),
  // Not the registration rules: a login attempt only needs to be comparable.
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const SessionResponse = z.object({ user: User, accessToken: z.string() });
export type SessionResponse = z.infer<typeof SessionResponse>;

/**
 * API clients without cookies may send the refresh token in the body instead. Bodiless routes
 * use `.nullish()`: Fastify hands an absent body to the validator as null.
 */
export const RefreshRequest = z.object({ refreshToken: z.string().max(200).optional() }).nullish();
export const RefreshResponse = z.object({ accessToken: z.string(), refreshToken: z.string().optional() });
export type RefreshResponse = z.infer<typeof RefreshResponse>;

export const MeResponse = z.object({ user: User });
export type MeResponse = z.infer<typeof MeResponse>;

export const VerifyEmailRequest = z.object({ token: z.string().min(1).max(200) });
export const ResendVerificationRequest = z.object({ email: text(254) }).nullish();
export const ForgotPasswordRequest = z.object({ email: text(254) });
export const ResetPasswordRequest = z.object({ token: z.string().min(1).max(200), password: Password });

export const AcceptedResponse = z.object({ ok: z.literal(true) });

/** Claims carried by an access token (ES256, `kid` in the header). */
export const AccessTokenClaims = z.object({
  sub: z.string(),
  role: Role,
  sid: z.string(),
  emailVerified: z.boolean(),
  /** Awaiting admin approval: services answer 403 ACCOUNT_PENDING except on the few routes that allow it. */
  pending: z.boolean().optional(),
});
export type AccessTokenClaims = z.infer<typeof AccessTokenClaims>;

/** Internal API (service token): what admin-service calls to change users it does not own. */
export const InternalUserPatch = z.object({
  role: Role.optional(),
  disabled: z.boolean().optional(),
  /** `true` approves a pending account (there is no way back to pending). */
  approved: z.literal(true).optional(),
});
export type InternalUserPatch = z.infer<typeof InternalUserPatch>;

/** A user as admins see them (internal API of auth-service, admin routes). */
export const UserAdminView = User.extend({ disabled: z.boolean() });
export type UserAdminView = z.infer<typeof UserAdminView>;

export const InternalUserListQuery = z.object({
  q: z.string().min(1).max(200).optional(),
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type InternalUserListQuery = z.infer<typeof InternalUserListQuery>;

export const UserAdminList = z.object({ items: z.array(UserAdminView), nextCursor: z.string().nullable() });
export type UserAdminList = z.infer<typeof UserAdminList>;

export const UserAdminChange = z.object({ before: UserAdminView, after: UserAdminView });
export type UserAdminChange = z.infer<typeof UserAdminChange>;

// ─── Self-service account ────────────────────────────────────────────────────────────────────

/** A new email takes effect once the link sent to it is followed (`verify-email`). */
export const UpdateMeRequest = z
  .object({ name: text(100).nullable().optional(), email: Email.optional() })
  .refine((body) => body.name !== undefined || body.email !== undefined, 'name or email is required');
export type UpdateMeRequest = z.infer<typeof UpdateMeRequest>;

/** `me` with the address waiting for confirmation, if the user asked to change it. */
export const AccountResponse = z.object({ user: User, pendingEmail: z.string().nullable() });
export type AccountResponse = z.infer<typeof AccountResponse>;

export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  newPassword: Password,
});

/** One signed-in device: a refresh-token family, named by the `sid` its access tokens carry. */
export const AccountSession = z.object({
  id: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  current: z.boolean(),
});
export type AccountSession = z.infer<typeof AccountSession>;
export const AccountSessionList = z.object({ items: z.array(AccountSession) });
export type AccountSessionList = z.infer<typeof AccountSessionList>;

/**
 * The account's password, or — for an account without one (`passwordless`, made by single sign-on)
 * — its email address typed out as the confirmation.
 */
export const DeleteAccountRequest = z
  .object({
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH).optional(),
    confirmEmail: z.string().min(1).max(320).optional(),
  })
  .refine((body) => (body.password === undefined) !== (body.confirmEmail === undefined), {
    message: 'give either password or confirmEmail',
    path: ['password'],
  });
export type DeleteAccountRequest = z.infer<typeof DeleteAccountRequest>;

/** Internal API: an account created by an admin; the user sets a password from the emailed link. */
export const InternalUserCreate = z.object({
  email: Email,
  name: text(100).optional(),
  role: Role.default('USER'),
});
export type InternalUserCreate = z.infer<typeof InternalUserCreate>;
