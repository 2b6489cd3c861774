import {
  AppError,
  newId,
  type InternalInviteCreate,
  type InviteCreated,
  type InviteList,
  type InviteView,
  type SignupPolicy,
  type SignupPolicyUpdate,
} from '@vivier/contracts';
import type { AuthDb } from '@vivier/db';
import { isEmailInDomains } from '../lib/email-domains';
import { hashToken, newSecretToken } from '../lib/secret-tokens';

const POLICY_ID = 'default';

type InviteRow = {
  id: string;
  email: string | null;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
};

/** What registration may do for one address: its role, whether it waits for approval, the invite it uses. */
export interface Admission {
  role: 'USER' | 'ADMIN';
  pendingApproval: boolean;
  inviteId?: string;
}

type Tx = Pick<AuthDb, 'signupPolicy' | 'invite' | 'user'>;

function inviteView(row: InviteRow, now = new Date()): InviteView {
  const status = row.revokedAt
    ? 'revoked'
    : row.usedAt
      ? 'used'
      : row.expiresAt <= now
        ? 'expired'
        : 'active';
  return {
    id: row.id,
    email: row.email,
    status,
    expiresAt: row.expiresAt.toISOString(),
    usedAt: row.usedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

const closed = (message: string) => new AppError('SIGNUP_CLOSED', message);

/**
 * Who may register (issue 16 part 3). auth-service owns the policy row and the invites; admins
 * change them through admin-service, which calls the internal routes and writes the audit log.
 */
export function createSignupPolicyService(deps: {
  db: Pick<AuthDb, 'signupPolicy' | 'invite'>;
  publicUrl: string;
  /** When no ADMIN exists, the next registrant gets in whatever the policy and becomes one. */
  firstUserBecomesAdmin: boolean;
}) {
  async function readPolicy(db: Pick<AuthDb, 'signupPolicy'>): Promise<SignupPolicy> {
    const row = await db.signupPolicy.findUnique({ where: { id: POLICY_ID } });
    return row ? { mode: row.mode, domains: row.domains } : { mode: 'open', domains: [] };
  }

  return {
    getPolicy: () => readPolicy(deps.db),

    async setPolicy(update: SignupPolicyUpdate): Promise<{ before: SignupPolicy; after: SignupPolicy }> {
      const before = await readPolicy(deps.db);
      const domains = update.mode === 'domains' ? [...new Set(update.domains ?? [])] : [];
      const row = await deps.db.signupPolicy.upsert({
        where: { id: POLICY_ID },
        create: { id: POLICY_ID, mode: update.mode, domains },
        update: { mode: update.mode, domains },
      });
      return { before, after: { mode: row.mode, domains: row.domains } };
    },

    async createInvite(input: InternalInviteCreate): Promise<InviteCreated> {
      const token = newSecretToken();
      const row = await deps.db.invite.create({
        data: {
          id: newId('invite'),
          tokenHash: hashToken(token),
          email: input.email?.trim().toLowerCase() ?? null,
          createdById: input.createdById,
          expiresAt: new Date(Date.now() + input.expiresInHours * 3_600_000),
        },
      });
      const url = new URL('/register', deps.publicUrl);
      url.searchParams.set('invite', token);
      return { url: url.toString(), invite: inviteView(row) };
    },

    async listInvites(): Promise<InviteList> {
      const rows = await deps.db.invite.findMany({
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 100,
      });
      const now = new Date();
      return { items: rows.map((row) => inviteView(row, now)) };
    },

    /** Revoking an unused invite stops its link; 404 for an unknown id. */
    async revokeInvite(inviteId: string): Promise<{ before: InviteView; after: InviteView }> {
      const row = await deps.db.invite.findUnique({ where: { id: inviteId } });
      if (!row) throw new AppError('NOT_FOUND', 'Invite not found');
      const updated = row.revokedAt
        ? row
        : await deps.db.invite.update({ where: { id: inviteId }, data: { revokedAt: new Date() } });
      return { before: inviteView(row), after: inviteView(updated) };
    },

    /**
     * Decides, inside the registration transaction (which holds the sign-up lock), whether `email`
     * may register. An invite admits in every mode and skips approval; a bad one is refused even
     * where none is needed, so a broken link never silently signs someone up another way.
     */
    async admit(tx: Tx, email: string, inviteToken: string | undefined): Promise<Admission> {
      if (deps.firstUserBecomesAdmin && (await tx.user.count({ where: { role: 'ADMIN' } })) === 0) {
        return { role: 'ADMIN', pendingApproval: false };
      }
      if (inviteToken !== undefined) {
        const invite = await tx.invite.findUnique({ where: { tokenHash: hashToken(inviteToken) } });
        if (!invite || invite.revokedAt || invite.usedAt || invite.expiresAt <= new Date()) {
          throw new AppError('INVALID_TOKEN', 'This invite link is invalid, already used or expired');
        }
        if (invite.email !== null && invite.email !== email) {
          throw closed('This invite is for another email address');
        }
        return { role: 'USER', pendingApproval: false, inviteId: invite.id };
      }
      const policy = await readPolicy(tx);
      switch (policy.mode) {
        case 'open':
          return { role: 'USER', pendingApproval: false };
        case 'approval':
          return { role: 'USER', pendingApproval: true };
        case 'invite':
          throw closed('Sign-up is by invitation only; ask an administrator for an invite link');
        case 'domains':
          if (isEmailInDomains(email, policy.domains)) return { role: 'USER', pendingApproval: false };
          throw closed(`Sign-up is limited to addresses at ${policy.domains.join(', ')}`);
      }
    },

    /** Marks the invite used by `userId`, once: a concurrent use of the same link loses. */
    async consumeInvite(tx: Pick<AuthDb, 'invite'>, inviteId: string, userId: string): Promise<void> {
      const used = await tx.invite.updateMany({
        where: { id: inviteId, usedAt: null, revokedAt: null },
        data: { usedAt: new Date(), usedById: userId },
      });
      if (used.count !== 1)
        throw new AppError('INVALID_TOKEN', 'This invite link is invalid, already used or expired');
    },
  };
}

export type SignupPolicyService = ReturnType<typeof createSignupPolicyService>;
