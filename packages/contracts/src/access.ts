import { z } from 'zod';
import { Email } from './auth';
import { IsoDate, text } from './common';
import { idSchema } from './id-schema';

/**
 * Sign-up policy, invites and groups (issue 16 parts 3 and 4). auth-service owns the policy and
 * invites, admin-service owns groups; admins reach all of it under /api/admin.
 */

// ─── sign-up policy ─────────────────────────────────────────────────────────────────────────

export const SignupMode = z.enum(['open', 'domains', 'invite', 'approval']);
export type SignupMode = z.infer<typeof SignupMode>;

/** `example.com`: lowercase letters, digits, hyphens and dots; no scheme, no `@`. */
const Domain = z
  .string()
  .max(253)
  .transform((value) => value.trim().toLowerCase().replace(/^@/, ''))
  .pipe(
    z
      .string()
      .regex(
        /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
        'must be a domain like example.com',
      ),
  );

/**
 * `GET|PUT /api/admin/signup-policy`, and `GET /api/auth/signup-policy` (public, for the register
 * page). `domains` mode admits an address whose domain is one of `domains` or a subdomain of one
 * (`a@eu.example.com` under `example.com`), compared case-insensitively.
 */
export const SignupPolicy = z.object({ mode: SignupMode, domains: z.array(z.string()) });
export type SignupPolicy = z.infer<typeof SignupPolicy>;

export const SignupPolicyUpdate = z
  .object({ mode: SignupMode, domains: z.array(Domain).max(100).optional() })
  .refine((policy) => policy.mode !== 'domains' || (policy.domains?.length ?? 0) > 0, {
    message: 'the domains mode needs at least one domain',
    path: ['domains'],
  });
export type SignupPolicyUpdate = z.infer<typeof SignupPolicyUpdate>;

/** auth-service's internal answer to a policy change (admin-service audits both sides). */
export const SignupPolicyChange = z.object({ before: SignupPolicy, after: SignupPolicy });

// ─── invites ────────────────────────────────────────────────────────────────────────────────

export const INVITE_MAX_HOURS = 24 * 90;

/** `POST /api/admin/invites` → 201 `InviteCreated`. With `email`, only that address may use it. */
export const InviteCreateRequest = z.object({
  email: Email.optional(),
  expiresInHours: z.number().int().min(1).max(INVITE_MAX_HOURS),
});
export type InviteCreateRequest = z.infer<typeof InviteCreateRequest>;

export const InviteStatus = z.enum(['active', 'used', 'expired', 'revoked']);

export const InviteView = z.object({
  id: z.string(),
  email: z.string().nullable(),
  status: InviteStatus,
  expiresAt: IsoDate,
  usedAt: IsoDate.nullable(),
  createdAt: IsoDate,
});
export type InviteView = z.infer<typeof InviteView>;

/** The link is shown once: only the token's hash is kept. */
export const InviteCreated = z.object({ url: z.string(), invite: InviteView });
export type InviteCreated = z.infer<typeof InviteCreated>;

/** auth-service's internal answer to a revocation. */
export const InviteChange = z.object({ before: InviteView, after: InviteView });

/** `GET /api/admin/invites`: the newest 100. */
export const InviteList = z.object({ items: z.array(InviteView) });
export type InviteList = z.infer<typeof InviteList>;

/** auth-service's internal invite creation: admin-service passes the acting admin. */
export const InternalInviteCreate = InviteCreateRequest.extend({ createdById: z.string() });
export type InternalInviteCreate = z.infer<typeof InternalInviteCreate>;

/** The invite token as registration takes it (from `?invite=`). */
export const InviteToken = z
  .string()
  .min(16)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/, 'is not an invite token');

// ─── groups ─────────────────────────────────────────────────────────────────────────────────

const GroupName = text(100).refine((value) => value.trim().length > 0, 'must not be empty');
const MemberIds = z.array(z.string().min(1).max(64)).max(1000);

export const GroupMemberView = z.object({ id: z.string(), email: z.string(), name: z.string().nullable() });

/** A group as admins see it; `planId` is the billing plan its members get without a paid subscription. */
export const GroupView = z.object({
  id: z.string(),
  name: z.string(),
  planId: z.string().nullable(),
  members: z.array(GroupMemberView),
  createdAt: IsoDate,
});
export type GroupView = z.infer<typeof GroupView>;

export const GroupList = z.object({ items: z.array(GroupView) });
export type GroupList = z.infer<typeof GroupList>;

/** `POST /api/admin/groups` → 201 GroupView. */
export const GroupCreateRequest = z.object({
  name: GroupName,
  memberIds: MemberIds.optional(),
  planId: z.string().min(1).max(64).nullable().optional(),
});
export type GroupCreateRequest = z.infer<typeof GroupCreateRequest>;

/** `PATCH /api/admin/groups/:id`: `memberIds` replaces the whole member list. */
export const GroupPatch = GroupCreateRequest.partial().refine(
  (patch) => patch.name !== undefined || patch.memberIds !== undefined || patch.planId !== undefined,
  { message: 'give `name`, `memberIds` or `planId`' },
);
export type GroupPatch = z.infer<typeof GroupPatch>;

/** Who may use a provider or a model: absent or empty means everyone, else members of these groups. */
export const AccessGroupIds = z.array(idSchema('group')).max(100);
