import {
  AppError,
  type InternalUserListQuery,
  type InternalUserPatch,
  type UserAdminList,
  type UserAdminView,
} from '@vivier/contracts';
import type { AuthDb } from '@vivier/db';
import { decodeKeysetCursor, encodeKeysetCursor, type DisabledUsers } from '@vivier/service-kit';
import type { TokenService } from './token-service';
import { toUserView } from './user-view';

type UserRow = Parameters<typeof toUserView>[0] & { disabledAt: Date | null };

/** What other services (admin-service) may do to users, through auth-service's internal API. */
export function createUserAdminService(deps: {
  db: AuthDb;
  tokens: TokenService;
  disabledUsers: DisabledUsers;
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
