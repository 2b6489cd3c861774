import { AppError, type SsoGroupSyncRequest, type SsoGroupSyncResult } from '@vivier/contracts';
import { Prisma, type AdminDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import { planGroupMembership } from '../lib/sso-group-plan';
import { auditRow } from './audit-log';

/**
 * IdP claim → Vivier groups at each OIDC sign-in (issue 16). auth-service asks for it through
 * `POST /internal/users/:id/sso-groups` before it issues the session, so a user removed from an
 * IdP group cannot use the group's models even once. The change and its audit row are one
 * transaction; the provider-settings channel then makes chat-service and provider-worker drop
 * their cached memberships, as after a change in Admin → Groups.
 */
export function createSsoGroupSync(deps: {
  db: Pick<AdminDb, '$transaction' | '$queryRaw'>;
  announceChange: () => Promise<void>;
  logger: Pick<Logger, 'info' | 'warn'>;
}) {
  return {
    async syncGroups(userId: string, input: SsoGroupSyncRequest): Promise<SsoGroupSyncResult> {
      // User belongs to auth-service: read only, to answer 404 rather than a foreign-key error.
      const users = await deps.db.$queryRaw<Array<{ id: string }>>`
        SELECT "id" FROM "User" WHERE "id" = ${userId}`;
      if (users.length === 0) throw new AppError('NOT_FOUND', 'User not found');
      if (input.mapping.length === 0) return { added: [], removed: [] };
      const refs = [...new Set(input.mapping.map((entry) => entry.group))];
      const plan = await deps.db.$transaction(async (tx) => {
        const groups = await tx.group.findMany({
          where: { OR: [{ id: { in: refs } }, { name: { in: refs } }] },
          select: { id: true, name: true },
        });
        const byId = new Map(groups.map((group) => [group.id, group.id]));
        const byName = new Map(groups.map((group) => [group.name, group.id]));
        // Row locks: two sign-ins of one user at once apply one after the other.
        const current = await tx.$queryRaw<Array<{ groupId: string }>>(
          Prisma.sql`SELECT "groupId" FROM "GroupMember" WHERE "userId" = ${userId} FOR UPDATE`,
        );
        const planned = planGroupMembership({
          mapping: input.mapping,
          claimValues: input.claimValues,
          currentGroupIds: new Set(current.map((row) => row.groupId)),
          groupIdOf: (ref) => byId.get(ref) ?? byName.get(ref),
        });
        if (planned.add.length === 0 && planned.remove.length === 0) return planned;
        await tx.groupMember.deleteMany({ where: { userId, groupId: { in: planned.remove } } });
        await tx.groupMember.createMany({
          data: planned.add.map((groupId) => ({ groupId, userId })),
          skipDuplicates: true,
        });
        // The user is the actor: the IdP's claim, presented at their sign-in, made the change.
        const audit = { provider: input.provider, claim: input.claim };
        await tx.auditLog.createMany({
          data: [
            auditRow({
              actorId: userId,
              action: 'user.groups.sso',
              targetType: 'user',
              targetId: userId,
              before: { ...audit, removedGroupIds: planned.remove },
              after: { ...audit, addedGroupIds: planned.add },
            }),
          ],
        });
        return planned;
      });
      const result = { added: plan.add, removed: plan.remove };
      if (plan.add.length === 0 && plan.remove.length === 0) return result;
      deps.logger.info(
        { userId, provider: input.provider, ...result },
        'group membership follows the IdP claim',
      );
      await deps
        .announceChange()
        .catch((error: unknown) =>
          deps.logger.warn(
            { err: error },
            'could not announce the membership change; it applies after the cache TTL',
          ),
        );
      return result;
    },
  };
}

export type SsoGroupSync = ReturnType<typeof createSsoGroupSync>;
