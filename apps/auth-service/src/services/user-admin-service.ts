import {
  AppError,
  newId,
  type InternalUserCreate,
  type InternalUserListQuery,
  type InternalUserPatch,
  type UserAdminList,
  type UserAdminView,
} from '@vivier/contracts';
import type { AuthDb } from '@vivier/db';
import { decodeKeysetCursor, encodeKeysetCursor, type DisabledUsers } from '@vivier/service-kit';
import { hashPassword } from '../lib/passwords';
import { newSecretToken } from '../lib/secret-tokens';
import type { EmailQueue } from './email-service';
import type { EmailTokens } from './email-tokens';
import type { TokenService } from './token-service';
import type { UserDeletion } from './user-deletion';
import { toUserView } from './user-view';

type UserRow = Parameters<typeof toUserView>[0] & { disabledAt: Date | null };

/** An admin-created account's first link: long enough to survive a weekend. */
const ACCOUNT_CREATED_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** What other services (admin-service) may do to users, through auth-service's internal API. */
export function createUserAdminService(deps: {
  db: AuthDb;
  tokens: TokenService;
  disabledUsers: DisabledUsers;
  emails: EmailQueue;
  emailTokens: EmailTokens;
  deletion: UserDeletion;
}) {
  const view = (row: UserRow): UserAdminView => ({ ...toUserView(row), disabled: row.disabledAt !== null });

  return {
    async getUser(userId: string): Promise<UserAdminView> {
      const user = await deps.db.user.findUnique({ where: { id: userId } });
      if (!user) throw new AppError('NOT_FOUND', 'User not found');
      return view(user);
    },

    /** Newest first; `q` matches email or name, case-insensitively. */
    async listUsers(query: InternalUserListQuery): Promise<UserAdminList> {
      const after = query.cursor ? decodeKeysetCursor(query.cursor) : undefined;
      const rows = await deps.db.user.findMany({
        where: {
          AND: [
            query.q
              ? {
                  OR: [
                    { email: { contains: query.q, mode: 'insensitive' as const } },
                    { name: { contains: query.q, mode: 'insensitive' as const } },
                  ],
                }
              : {},
            after
              ? {
                  OR: [
                    { createdAt: { lt: after.createdAt } },
                    { createdAt: after.createdAt, id: { lt: after.id } },
                  ],
                }
              : {},
          ],
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(view),
        nextCursor: rows.length > query.limit && last ? encodeKeysetCursor(last.createdAt, last.id) : null,
      };
    },

    /**
     * An account made by an admin: no password anyone knows (a random one, hashed) until the user
     * chooses theirs from the emailed link, which also proves the address.
     */
    async createUser(input: InternalUserCreate): Promise<UserAdminView> {
      const email = input.email.trim().toLowerCase();
      let user;
      try {
        user = await deps.db.user.create({
          data: {
            id: newId('user'),
            email,
            name: input.name?.trim() || null,
            role: input.role,
            passwordHash: await hashPassword(newSecretToken()),
            hasPassword: false,
          },
        });
      } catch (error) {
        if ((error as { code?: string }).code === 'P2002') {
          throw new AppError('EMAIL_TAKEN', 'An account with this email already exists');
        }
        throw error;
      }
      const token = await deps.emailTokens.issue(user.id, 'RESET_PASSWORD', ACCOUNT_CREATED_LINK_TTL_MS);
      await deps.emails.enqueue({ to: email, template: { kind: 'account-created', name: user.name, token } });
      return view(user);
    },

    deleteUser: (userId: string) => deps.deletion.deleteUser(userId),

    /** The same email as "forgot password", sent at an admin's request. */
    async sendPasswordReset(userId: string): Promise<void> {
      const user = await deps.db.user.findUnique({ where: { id: userId } });
      if (!user) throw new AppError('NOT_FOUND', 'User not found');
      if (user.disabledAt) throw new AppError('CONFLICT', 'This account is disabled; enable it first');
      const token = await deps.emailTokens.issue(user.id, 'RESET_PASSWORD');
      await deps.emails.enqueue({
        to: user.email,
        template: { kind: 'reset-password', name: user.name, token },
      });
    },

    /**
     * Disabling ends every session at once: refresh tokens revoked, access tokens refused by the
     * gateway. A role change keeps the sessions but the gateway refuses tokens with the old role,
     * so clients refresh into the new one.
     */
    async updateUser(
      userId: string,
      patch: InternalUserPatch,
    ): Promise<{ before: UserAdminView; after: UserAdminView }> {
      const existing = await deps.db.user.findUnique({ where: { id: userId } });
      if (!existing) throw new AppError('NOT_FOUND', 'User not found');
      const updated = await deps.db.user.update({
        where: { id: userId },
        data: {
          ...(patch.role ? { role: patch.role } : {}),
          ...(patch.approved ? { pendingApproval: false } : {}),
          ...(patch.disabled === undefined
            ? {}
            : { disabledAt: patch.disabled ? (existing.disabledAt ?? new Date()) : null }),
        },
      });
      if (patch.disabled !== undefined) await deps.disabledUsers.mark(userId, patch.disabled);
      if (patch.role && patch.role !== existing.role) await deps.disabledUsers.recordRole(userId, patch.role);
      if (patch.disabled) await deps.tokens.revokeAllSessions(userId);
      return { before: view(existing), after: view(updated) };
    },
  };
}

export type UserAdminService = ReturnType<typeof createUserAdminService>;
