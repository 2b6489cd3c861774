import {
  AppError,
  type AdminUserListQuery,
  type AdminUserPatch,
  type UserAdminList,
  type UserAdminView,
} from '@vivier/contracts';
import type { Logger } from '@vivier/service-kit';
import type { AuditLog } from './audit-log';
import type { AuthUsersClient } from './auth-users-client';

/** The audit action a patch stands for. */
function actionOf(patch: AdminUserPatch): string {
  if (patch.approved && patch.role === undefined && patch.disabled === undefined) return 'user.approve';
  if (patch.role !== undefined && patch.disabled !== undefined) return 'user.update';
  if (patch.role !== undefined) return 'user.role.change';
  return patch.disabled ? 'user.disable' : 'user.enable';
}

/** Users as admins manage them: read and changed only through auth-service, every change audited. */
export function createUserAdminService(deps: {
  users: AuthUsersClient;
  audit: Pick<AuditLog, 'record'>;
  logger: Logger;
}) {
  return {
    listUsers(query: AdminUserListQuery, requestId: string): Promise<UserAdminList> {
      return deps.users.listUsers(query, requestId);
    },

    /**
     * An admin may not demote or disable themselves: it would lock the acting admin out, and if
     * they were the last admin, everyone.
     */
    async updateUser(
      actorId: string,
      userId: string,
      patch: AdminUserPatch,
      requestId: string,
    ): Promise<UserAdminView> {
      if (userId === actorId && patch.role === 'USER') {
        throw new AppError('CONFLICT', 'You cannot remove your own admin role; ask another admin to do it');
      }
      if (userId === actorId && patch.disabled === true) {
        throw new AppError('CONFLICT', 'You cannot disable your own account; ask another admin to do it');
      }
      const { before, after } = await deps.users.updateUser(userId, patch, requestId);
      const record = {
        actorId,
        action: actionOf(patch),
        targetType: 'user' as const,
        targetId: userId,
        before,
        after,
      };
      try {
        await deps.audit.record(record);
      } catch (error) {
        // The change is made (auth owns it) but unrecorded: keep the trail in the logs and fail
        // loudly rather than report success without an audit row.
        deps.logger.error({ err: error, audit: record, requestId }, 'audit write failed after a user change');
        throw error;
      }
      return after;
    },
  };
}

export type UserAdminService = ReturnType<typeof createUserAdminService>;
