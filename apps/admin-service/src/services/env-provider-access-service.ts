import {
  AppError,
  ProviderKind,
  type EnvProviderAccess,
  type EnvProviderAccessView,
  type EnvProviderList,
} from '@vivier/contracts';
import type { AdminDb } from '@vivier/db';
import { envAccessOf } from '@vivier/providers';
import type { Logger } from '@vivier/service-kit';
import { auditRow } from './audit-log';
import { assertGroupsExist } from './known-groups';
import type { ChatEnvProvidersClient } from './chat-env-providers-client';

const notFound = () => new AppError('NOT_FOUND', 'No such provider kind');

/**
 * Who may use the providers configured by env (EnvProviderAccess, owned here): the same lists a
 * ProviderConfig row carries, enforced by the same registry code in chat-service and provider-worker.
 * A change is audited and announced on the provider-settings channel like a provider change.
 */
export function createEnvProviderAccessService(deps: {
  db: Pick<AdminDb, 'envProviderAccess' | 'group' | '$transaction'>;
  chat: ChatEnvProvidersClient;
  announceChange: () => Promise<void>;
  logger: Pick<Logger, 'warn'>;
}) {
  /** Stored lists by kind; a kind never saved is for everyone. */
  async function storedAccess(): Promise<Map<string, EnvProviderAccess>> {
    const rows = await deps.db.envProviderAccess.findMany();
    return new Map(rows.map((row) => [row.kind, envAccessOf(row)]));
  }

  return {
    async listEnvProviders(requestId: string): Promise<EnvProviderList> {
      const [offers, access] = await Promise.all([deps.chat.listEnvProviders(requestId), storedAccess()]);
      return {
        items: offers.items.map((offer) => ({
          ...offer,
          ...(access.get(offer.kind) ?? { accessGroupIds: [], modelGroupIds: {} }),
        })),
      };
    },

    async updateAccess(
      actorId: string,
      kind: string,
      input: EnvProviderAccess,
    ): Promise<EnvProviderAccessView> {
      const parsedKind = ProviderKind.safeParse(kind);
      if (!parsedKind.success) throw notFound();
      const named = [...new Set([...input.accessGroupIds, ...Object.values(input.modelGroupIds).flat()])];
      await assertGroupsExist(deps.db, named, 'accessGroupIds');
      // Empty model lists mean everyone: not kept, so the stored document names only restricted models.
      const modelGroupIds = Object.fromEntries(
        Object.entries(input.modelGroupIds).filter(([, groupIds]) => groupIds.length > 0),
      );
      const after = { accessGroupIds: [...new Set(input.accessGroupIds)], modelGroupIds };
      await deps.db.$transaction(async (tx) => {
        const previous = await tx.envProviderAccess.findUnique({ where: { kind } });
        const before = previous ? envAccessOf(previous) : { accessGroupIds: [], modelGroupIds: {} };
        await tx.envProviderAccess.upsert({
          where: { kind },
          create: { kind, ...after },
          update: after,
        });
        await tx.auditLog.createMany({
          data: [
            auditRow({
              actorId,
              action: 'provider.env-access.update',
              targetType: 'provider',
              targetId: kind,
              before: { ...before },
              after: { ...after },
            }),
          ],
        });
      });
      await deps
        .announceChange()
        .catch((error: unknown) =>
          deps.logger.warn(
            { err: error },
            'could not announce the access change; it applies after the cache TTL',
          ),
        );
      return { kind: parsedKind.data, ...after };
    },
  };
}

export type EnvProviderAccessService = ReturnType<typeof createEnvProviderAccessService>;
