import {
  AppError,
  isId,
  newId,
  type GroupCreateRequest,
  type GroupList,
  type GroupPatch,
  type GroupView,
} from '@vivier/contracts';
import { isUniqueViolation, Prisma, type AdminDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import { auditRow } from './audit-log';

type GroupRow = {
  id: string;
  name: string;
  planId: string | null;
  createdAt: Date;
  members: Array<{ userId: string }>;
};

const notFound = () => new AppError('NOT_FOUND', 'Group not found');
const nameTaken = () => new AppError('CONFLICT', 'A group with this name already exists');

/**
 * Groups (admin-service owns Group and GroupMember). Users and plans belong to auth and billing:
 * they are read here through `$queryRaw`, only to check ids and show members. A change is announced
 * on the provider-settings channel so chat-service and provider-worker drop cached memberships.
 */
export function createGroupService(deps: {
  db: Pick<AdminDb, 'group' | 'groupMember' | 'auditLog' | '$transaction' | '$queryRaw'>;
  announceChange?: () => Promise<void>;
  logger?: Pick<Logger, 'warn'>;
}) {
  const { db } = deps;

  async function usersOf(ids: string[]): Promise<Map<string, { email: string; name: string | null }>> {
    if (ids.length === 0) return new Map();
    const rows = await db.$queryRaw<Array<{ id: string; email: string; name: string | null }>>(
      Prisma.sql`SELECT "id", "email", "name" FROM "User" WHERE "id" IN (${Prisma.join(ids)})`,
    );
    return new Map(rows.map((row) => [row.id, { email: row.email, name: row.name }]));
  }

  async function assertMembersExist(memberIds: string[] | undefined): Promise<void> {
    if (!memberIds?.length) return;
    const found = await usersOf([...new Set(memberIds)]);
    const missing = memberIds.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw new AppError('VALIDATION_FAILED', 'Unknown user in memberIds', {
        details: missing.map((id) => ({ path: 'memberIds', message: `no user has the id ${id}` })),
      });
    }
  }

  async function assertPlanExists(planId: string | null | undefined): Promise<void> {
    if (!planId) return;
    const rows = await db.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "Plan" WHERE "id" = ${planId}`;
    if (rows.length === 0)
      throw new AppError('VALIDATION_FAILED', 'Unknown plan', {
        details: [{ path: 'planId', message: 'no plan has this id' }],
      });
  }

  async function toViews(rows: GroupRow[]): Promise<GroupView[]> {
    const users = await usersOf([...new Set(rows.flatMap((row) => row.members.map((m) => m.userId)))]);
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      planId: row.planId,
      createdAt: row.createdAt.toISOString(),
      members: row.members.flatMap((member) => {
        const user = users.get(member.userId);
        return user ? [{ id: member.userId, ...user }] : [];
      }),
    }));
  }

  const snapshot = (row: GroupRow) => ({
    name: row.name,
    planId: row.planId,
    memberIds: row.members.map((member) => member.userId).sort(),
  });

  async function announce(): Promise<void> {
    await deps
      .announceChange?.()
      .catch((error: unknown) =>
        deps.logger?.warn(
          { err: error },
          'could not announce the group change; it applies after the cache TTL',
        ),
      );
  }

  const include = { members: { select: { userId: true }, orderBy: { createdAt: 'asc' as const } } };

  async function findGroup(groupId: string): Promise<GroupRow> {
    if (!isId('group', groupId)) throw notFound();
    const row = await db.group.findUnique({ where: { id: groupId }, include });
    if (!row) throw notFound();
    return row;
  }

  return {
    async listGroups(): Promise<GroupList> {
      const rows = await db.group.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }], include });
      return { items: await toViews(rows) };
    },

    async createGroup(actorId: string, input: GroupCreateRequest): Promise<GroupView> {
      await assertMembersExist(input.memberIds);
      await assertPlanExists(input.planId);
      const id = newId('group');
      const memberIds = [...new Set(input.memberIds ?? [])];
      try {
        const row = await db.$transaction(async (tx) => {
          const created = await tx.group.create({
            data: {
              id,
              name: input.name,
              planId: input.planId ?? null,
              members: { createMany: { data: memberIds.map((userId) => ({ userId })) } },
            },
            include,
          });
          await tx.auditLog.createMany({
            data: [
              auditRow({
                actorId,
                action: 'group.create',
                targetType: 'group',
                targetId: id,
                before: null,
                after: snapshot(created),
              }),
            ],
          });
          return created;
        });
        await announce();
        return (await toViews([row]))[0]!;
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken();
        throw error;
      }
    },

    /** `memberIds` replaces the member list. */
    async updateGroup(actorId: string, groupId: string, patch: GroupPatch): Promise<GroupView> {
      const before = await findGroup(groupId);
      await assertMembersExist(patch.memberIds ?? undefined);
      await assertPlanExists(patch.planId);
      try {
        const row = await db.$transaction(async (tx) => {
          if (patch.memberIds !== undefined) {
            const memberIds = [...new Set(patch.memberIds)];
            await tx.groupMember.deleteMany({ where: { groupId, userId: { notIn: memberIds } } });
            await tx.groupMember.createMany({
              data: memberIds.map((userId) => ({ groupId, userId })),
              skipDuplicates: true,
            });
          }
          const updated = await tx.group.update({
            where: { id: groupId },
            data: {
              ...(patch.name === undefined ? {} : { name: patch.name }),
              ...(patch.planId === undefined ? {} : { planId: patch.planId }),
            },
            include,
          });
          await tx.auditLog.createMany({
            data: [
              auditRow({
                actorId,
                action: 'group.update',
                targetType: 'group',
                targetId: groupId,
                before: snapshot(before),
                after: snapshot(updated),
              }),
            ],
          });
          return updated;
        });
        await announce();
        return (await toViews([row]))[0]!;
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken();
        throw error;
      }
    },

    async deleteGroup(actorId: string, groupId: string): Promise<void> {
      const before = await findGroup(groupId);
      await db.$transaction(async (tx) => {
        await tx.group.delete({ where: { id: groupId } });
        await tx.auditLog.createMany({
          data: [
            auditRow({
              actorId,
              action: 'group.delete',
              targetType: 'group',
              targetId: groupId,
              before: snapshot(before),
              after: null,
            }),
          ],
        });
      });
      await announce();
    },
  };
}

export type GroupService = ReturnType<typeof createGroupService>;
