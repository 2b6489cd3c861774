import type { ApiAccessSetting } from '@vivier/contracts';
import type { AdminDb } from '@vivier/db';
import type { ApiAccessMirror, Logger } from '@vivier/service-kit';
import { auditRow } from './audit-log';

/** The one row of the setting; no row means the API is on (the default). */
const SETTING_ID = 'global';

/**
 * Whether the OpenAI-compatible API (`/v1`) answers at all: a row here (the truth, audited) and
 * its mirror in Redis, which the gateway reads on every /v1 request, so a change bites at once.
 * Limiting the API to groups will hang off this row once groups exist.
 */
export function createApiAccessService(deps: {
  db: Pick<AdminDb, 'apiAccessSetting' | 'auditLog' | '$transaction'>;
  mirror: Pick<ApiAccessMirror, 'mirror'>;
  logger: Logger;
}) {
  async function getSetting(): Promise<ApiAccessSetting> {
    const row = await deps.db.apiAccessSetting.findUnique({ where: { id: SETTING_ID } });
    return { enabled: row?.enabled ?? true };
  }

  return {
    getSetting,

    /** At start: the mirror follows the row again (after a Redis restart, say). */
    async syncMirror(): Promise<void> {
      await deps.mirror.mirror((await getSetting()).enabled);
    },

    /** The change and its audit entry in one transaction: never one without the other. */
    async updateSetting(actorId: string, next: ApiAccessSetting): Promise<ApiAccessSetting> {
      const before = await getSetting();
      await deps.db.$transaction([
        deps.db.apiAccessSetting.upsert({
          where: { id: SETTING_ID },
          create: { id: SETTING_ID, enabled: next.enabled },
          update: { enabled: next.enabled },
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
      deps.logger.info({ actorId, enabled: next.enabled }, 'API access changed');
      return next;
    },
  };
}

export type ApiAccessService = ReturnType<typeof createApiAccessService>;
