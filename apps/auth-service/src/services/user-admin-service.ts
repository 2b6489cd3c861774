import { AppError, type InternalUserPatch, type User } from '@vivier/contracts';
import type { AuthDb } from '@vivier/db';
import type { TokenService } from './token-service';
import { toUserView } from './user-view';

export type UserAdminView = User & { disabled: boolean };

/** What other services (admin-service) may do to users, through auth-service's internal API. */
export function createUserAdminService(deps: { db: AuthDb; tokens: TokenService }) {
  const view = (row: Parameters<typeof toUserView>[0] & { disabledAt: Date | null }): UserAdminView => ({
    ...toUserView(row),
    disabled: row.disabledAt !== null,
  });

  return {
    async getUser(userId: string): Promise<UserAdminView> {
      const user = await deps.db.user.findUnique({ where: { id: userId } });
      if (!user) throw new AppError('NOT_FOUND', 'User not found');
      return view(user);
    },

    /** Disabling ends every session at once (refresh tokens revoked). */
    async updateUser(userId: string, patch: InternalUserPatch): Promise<{ before: UserAdminView; after: UserAdminView }> {
      const existing = await deps.db.user.findUnique({ where: { id: userId } });
      if (!existing) throw new AppError('NOT_FOUND', 'User not found');
      const updated = await deps.db.user.update({
        where: { id: userId },
        data: {
          ...(patch.role ? { role: patch.role } : {}),
          ...(patch.disabled === undefined
            ? {}
            : { disabledAt: patch.disabled ? (existing.disabledAt ?? new Date()) : null }),
        },
      });
      if (patch.disabled) await deps.tokens.revokeAllSessions(userId);
      return { before: view(existing), after: view(updated) };
    },
  };
}

export type UserAdminService = ReturnType<typeof createUserAdminService>;
