import { AppError } from '@vivier/contracts';
import type { AdminDb } from '@vivier/db';

/** 400 naming every id in `groupIds` that is no group: a share with a typo must not pass silently. */
export async function assertGroupsExist(
  db: Pick<AdminDb, 'group'>,
  groupIds: string[] | undefined,
  /** The field the details name. */
  path = 'groupIds',
): Promise<void> {
  if (!groupIds?.length) return;
  const found = await db.group.findMany({ where: { id: { in: groupIds } }, select: { id: true } });
  const known = new Set(found.map((group) => group.id));
  const missing = groupIds.filter((id) => !known.has(id));
  if (missing.length) {
    throw new AppError('VALIDATION_FAILED', `Unknown group in ${path}`, {
      details: missing.map((id) => ({ path, message: `no group has the id ${id}` })),
    });
  }
}
