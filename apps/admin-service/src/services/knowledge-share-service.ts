import { AppError, isId, type AdminKnowledgeBaseList } from '@vivier/contracts';
import type { AdminDb } from '@vivier/db';
import { auditRow } from './audit-log';
import { assertGroupsExist } from './known-groups';

type Row = Awaited<ReturnType<AdminDb['knowledgeBase']['findFirstOrThrow']>>;
type View = AdminKnowledgeBaseList['items'][number];

const notFound = () => new AppError('NOT_FOUND', 'Knowledge base not found');

const toView = (row: Row): View => ({
  id: row.id,
  name: row.name,
  userId: row.userId,
  groupIds: row.groupIds,
  createdAt: row.createdAt.toISOString(),
});

/** Bases listed at most (the admin page shows the newest; a search can come later). */
const ADMIN_LIST_LIMIT = 500;

/**
 * Sharing a user's knowledge base with groups: their members may read and search it (chat-service
 * enforces that, and provider-worker again at retrieval). chat-service owns the rest of the row;
 * admin-service writes only `groupIds`, audited in the same transaction.
 */
export function createKnowledgeShareService(deps: {
  db: Pick<AdminDb, 'knowledgeBase' | 'group' | 'auditLog' | '$transaction'>;
}) {
  const { db } = deps;
  return {
    async list(): Promise<View[]> {
      const rows = await db.knowledgeBase.findMany({
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: ADMIN_LIST_LIMIT,
      });
      return rows.map(toView);
    },

    async share(actorId: string, baseId: string, groupIds: string[]): Promise<View> {
      if (!isId('knowledgeBase', baseId)) throw notFound();
      const before = await db.knowledgeBase.findUnique({ where: { id: baseId } });
      if (!before) throw notFound();
      await assertGroupsExist(db, groupIds);
      const row = await db.$transaction(async (tx) => {
        const updated = await tx.knowledgeBase.update({
          where: { id: baseId },
          data: { groupIds: [...new Set(groupIds)] },
        });
        await tx.auditLog.createMany({
          data: [
            auditRow({
              actorId,
              action: 'knowledge.share',
              targetType: 'knowledge-base',
              targetId: baseId,
              before: { groupIds: before.groupIds },
              after: { groupIds: updated.groupIds },
            }),
          ],
        });
        return updated;
      });
      return toView(row);
    },
  };
}

export type KnowledgeShareService = ReturnType<typeof createKnowledgeShareService>;
