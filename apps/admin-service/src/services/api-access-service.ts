import { AppError, type ApiAccessSetting, type ApiAccessUpdate } from '@vivier/contracts';
import type { AdminDb } from '@vivier/db';
import type { ApiAccessMirror, Logger } from '@vivier/service-kit';
import { auditRow } from './audit-log';

/** The one row of the setting; no row means the API is on (the default). */
const SETTING_ID = 'global';

/**
 * Whether the OpenAI-compatible API (`/v1`) answers at all: a row here (the truth, audited) and
 * its mirror in Redis, which the gateway reads on every /v1 request, so a change bites at once.
 * Its `groupIds` limit the API to members of those groups: auth-service checks them when it
 * resolves a key (it knows the key's owner; the gateway does not know anyone's groups).
 */
export function createApiAccessService(deps: {
  db: Pick<AdminDb, 'apiAccessSetting' | 'auditLog' | 'group' | '$transaction'>;
  mirror: Pick<ApiAccessMirror, 'mirror'>;
  logger: Logger;
}) {
  async function getSetting(): Promise<ApiAccessSetting> {
    const row = await deps.db.apiAccessSetting.findUnique({ where: { id: SETTING_ID } });
    return { enabled: row?.enabled ?? true, groupIds: row?.groupIds ?? [] };
  }

  return {
    getSetting,

    /** At start: the mirror follows the row again (after a Redis restart, say). */
    async syncMirror(): Promise<void> {
      await deps.mirror.mirror((await getSetting()).enabled);
    },

    /** The change and its audit entry in one transaction: never one without the other. */
    async updateSetting(actorId: string, update: ApiAccessUpdate): Promise<ApiAccessSetting> {
      const before = await getSetting();
      const groupIds = [...new Set(update.groupIds ?? before.groupIds)];
      const known = await deps.db.group.count({ where: { id: { in: groupIds } } });
      if (known !== groupIds.length) {
        throw new AppError('VALIDATION_FAILED', 'Unknown group', {
          details: [{ path: 'groupIds', message: 'names a group that does not exist' }],
        });
      }
      const next: ApiAccessSetting = { enabled: update.enabled, groupIds };
      await deps.db.$transaction([
        deps.db.apiAccessSetting.upsert({
          where: { id: SETTING_ID },
          create: { id: SETTING_ID, enabled: next.enabled, groupIds },
          update: { enabled: next.enabled, groupIds },
        }),
        deps.db.auditLog.create({
          data: auditRow({
            actorId,
            action: 'api-access.update',
            targetType: 'settings',
            targetId: 'api-access',
            before,
            after: next,
          }),
        }),
      ]);
      await deps.mirror.mirror(next.enabled);
      deps.logger.info({ actorId, enabled: next.enabled, groups: groupIds.length }, 'API access changed');
      return next;
    },
  };
}

export type ApiAccessService = ReturnType<typeof createApiAccessService>;
