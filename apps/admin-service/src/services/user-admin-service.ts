import {
  AppError,
  type InternalUserCreate,
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
  /** Records an admin's change that auth-service has made. */
  async function audited(record: Parameters<AuditLog['record']>[0], requestId: string): Promise<void> {
    try {
      await deps.audit.record(record);
    } catch (error) {
      // The change is made (auth owns it) but unrecorded: keep the trail in the logs and fail
      // loudly rather than report success without an audit row.
      deps.logger.error({ err: error, audit: record, requestId }, 'audit write failed after a user change');
      throw error;
    }
  }

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
      await audited(
        { actorId, action: actionOf(patch), targetType: 'user', targetId: userId, before, after },
        requestId,
      );
      return after;
    },

    /** The user receives an email with a link to choose their password. */
    async createUser(actorId: string, input: InternalUserCreate, requestId: string): Promise<UserAdminView> {
      const created = await deps.users.createUser(input, requestId);
      await audited(
        {
          actorId,
          action: 'user.create',
          targetType: 'user',
          targetId: created.id,
          before: null,
          after: created,
        },
        requestId,
      );
      return created;
    },

    /** Everything the user owns goes with them. An admin deletes their own account from its page. */
    async deleteUser(actorId: string, userId: string, requestId: string): Promise<void> {
      if (userId === actorId) {
        throw new AppError('CONFLICT', 'You cannot delete your own account here; use your account page');
      }
      const before = await deps.users.getUser(userId, requestId);
      await deps.users.deleteUser(userId, requestId);
      await audited(
        { actorId, action: 'user.delete', targetType: 'user', targetId: userId, before, after: null },
        requestId,
      );
    },

    async sendPasswordReset(actorId: string, userId: string, requestId: string): Promise<void> {
      await deps.users.sendPasswordReset(userId, requestId);
      await audited(
        {
          actorId,
          action: 'user.password-reset',
          targetType: 'user',
          targetId: userId,
          before: null,
          after: null,
        },
        requestId,
      );
    },
  };
}

export type UserAdminService = ReturnType<typeof createUserAdminService>;
