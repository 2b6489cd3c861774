import type { PrismaClient } from './generated/prisma/client';

/**
 * The groups a user belongs to, for model access in chat-service and provider-worker. admin-service
 * owns GroupMember; this is a read across services (one indexed query; callers cache it).
 */
export async function readGroupIdsOf(db: Pick<PrismaClient, '$queryRaw'>, userId: string): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ groupId: string }>>`
    SELECT "groupId" FROM "GroupMember" WHERE "userId" = ${userId}`;
  return rows.map((row) => row.groupId);
}
