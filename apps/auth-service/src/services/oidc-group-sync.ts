import { newId } from '@vivier/contracts';
import { Prisma, type AuthDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import { claimValuesOf, planGroupMembership } from '../lib/oidc-group-plan';
import type { OidcProviderSettings } from './oidc-providers';

/**
 * IdP claim → Vivier groups at each OIDC sign-in (issue 16 part 1).
 *
 * admin-service owns Group, GroupMember and AuditLog; this is the one place another service writes
 * them, on purpose: the sign-in has to see the new membership before it hands out a session (so a
 * user removed from an IdP group cannot use the group's models even once), auth-service has no
 * client for admin-service (admin-service calls auth-service, not the other way round), and the
 * change must be atomic with its audit row. So it is a single transaction of raw SQL, confined to
 * this file. The provider-settings channel then makes chat-service and provider-worker drop their
 * cached memberships, as admin-service does after a group change.
 */
export function createOidcGroupSync(deps: {
  db: Pick<AuthDb, '$transaction' | '$queryRaw'>;
  announceChange: () => Promise<void>;
  logger: Pick<Logger, 'info' | 'warn'>;
}) {
  return {
    async syncGroups(
      userId: string,
      provider: Pick<OidcProviderSettings, 'id' | 'groupsClaim' | 'groupMapping'>,
      claims: Record<string, unknown>,
    ): Promise<void> {
      if (provider.groupMapping.length === 0) return;
      const refs = [...new Set(provider.groupMapping.map((entry) => entry.group))];
      const changed = await deps.db.$transaction(async (tx) => {
        const groups = await tx.$queryRaw<Array<{ id: string; name: string }>>(
          Prisma.sql`SELECT "id", "name" FROM "Group"
                     WHERE "id" IN (${Prisma.join(refs)}) OR "name" IN (${Prisma.join(refs)})`,
        );
        const byId = new Map(groups.map((group) => [group.id, group.id]));
        const byName = new Map(groups.map((group) => [group.name, group.id]));
        const current = await tx.$queryRaw<Array<{ groupId: string }>>`
          SELECT "groupId" FROM "GroupMember" WHERE "userId" = ${userId} FOR UPDATE`;
        const plan = planGroupMembership({
          mapping: provider.groupMapping,
          claimValues: claimValuesOf(claims, provider.groupsClaim),
          currentGroupIds: new Set(current.map((row) => row.groupId)),
          groupIdOf: (ref) => byId.get(ref) ?? byName.get(ref),
        });
        if (plan.add.length === 0 && plan.remove.length === 0) return null;
        if (plan.remove.length > 0) {
          await tx.$queryRaw(
            Prisma.sql`DELETE FROM "GroupMember"
                       WHERE "userId" = ${userId} AND "groupId" IN (${Prisma.join(plan.remove)})
                       RETURNING "groupId"`,
          );
        }
        if (plan.add.length > 0) {
          const rows = plan.add.map((groupId) => Prisma.sql`(${groupId}, ${userId})`);
          await tx.$queryRaw(
            Prisma.sql`INSERT INTO "GroupMember" ("groupId", "userId") VALUES ${Prisma.join(rows)}
                       ON CONFLICT DO NOTHING RETURNING "groupId"`,
          );
        }
        // The user is the actor: the IdP's claim, presented at their sign-in, made the change.
        const audit = { provider: provider.id, claim: provider.groupsClaim };
        await tx.$queryRaw`
          INSERT INTO "AuditLog" ("id", "actorId", "action", "targetType", "targetId", "before", "after")
          VALUES (${newId('audit')}, ${userId}, 'user.groups.sso', 'user', ${userId},
                  ${JSON.stringify({ ...audit, removedGroupIds: plan.remove })}::jsonb,
                  ${JSON.stringify({ ...audit, addedGroupIds: plan.add })}::jsonb)
          RETURNING "id"`;
        return plan;
      });
      if (!changed) return;
      deps.logger.info(
        { userId, provider: provider.id, added: changed.add, removed: changed.remove },
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
    },
  };
}

export type OidcGroupSync = ReturnType<typeof createOidcGroupSync>;
