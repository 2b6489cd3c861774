import { isId } from '@vivier/contracts';
import { readGroupIdsOf, type ChatDb } from '@vivier/db';

export interface ReadableBase {
  id: string;
  name: string;
  owned: boolean;
}

/**
 * The bases among `ids` that `userId` may read now: their own, or one an admin shared with a
 * group they are in. Asked again at every retrieval, so a revoked share or a left group stops
 * retrieval at once. Unknown, malformed and others' ids are simply not in the answer.
 */
export async function readableBases(
  db: Pick<ChatDb, 'knowledgeBase' | '$queryRaw'>,
  userId: string,
  ids: readonly string[],
): Promise<ReadableBase[]> {
  const wanted = [...new Set(ids)].filter((id) => isId('knowledgeBase', id));
  if (wanted.length === 0) return [];
  const groupIds = await readGroupIdsOf(db, userId);
  const rows = await db.knowledgeBase.findMany({
    where: {
      id: { in: wanted },
      OR: [{ userId }, ...(groupIds.length ? [{ groupIds: { hasSome: groupIds } }] : [])],
    },
    select: { id: true, name: true, userId: true },
  });
  return rows.map((row) => ({ id: row.id, name: row.name, owned: row.userId === userId }));
}
