import { AppError, newId, type ProviderSettings, type ProviderSettingsUpdate } from '@vivier/contracts';
import type { AdminDb, Prisma } from '@vivier/db';
import type { SecretBox } from '@vivier/providers';
import type { Logger } from '@vivier/service-kit';
import { auditRow } from './audit-log';
import type { BaseUrlCheck } from './base-url-check';
import { planProviderUpdate, type PlannedProvider, type ProviderPlan } from './provider-settings-plan';
import { settingsOf } from './provider-view';

/** Access lists must name groups that exist (a deleted group simply stops matching anyone). */
async function assertGroupsExist(db: Pick<AdminDb, 'group'>, update: ProviderSettingsUpdate): Promise<void> {
  const named = new Set<string>();
  for (const provider of update.providers) {
    for (const id of provider.accessGroupIds ?? []) named.add(id);
    for (const override of Object.values(provider.modelOverrides)) {
      for (const id of override.groupIds ?? []) named.add(id);
    }
  }
  if (named.size === 0) return;
  const found = await db.group.findMany({ where: { id: { in: [...named] } }, select: { id: true } });
  const missing = [...named].filter((id) => !found.some((group) => group.id === id));
  if (missing.length > 0) {
    throw new AppError('VALIDATION_FAILED', 'Unknown group in the access settings', {
      details: missing.map((id) => ({ path: 'accessGroupIds', message: `no group has the id ${id}` })),
    });
  }
}

const ORDER = [{ createdAt: 'asc' as const }, { id: 'asc' as const }];

function failIfInvalid(plan: ProviderPlan): void {
  if (plan.errors.length > 0)
    throw new AppError('VALIDATION_FAILED', 'Invalid provider settings', { details: plan.errors });
}

/**
 * ProviderConfig rows (admin-service owns them): enabled models, price overrides, the default model,
 * OpenAI-compatible endpoints. API keys are encrypted before they reach the database and never leave
 * it in clear through this service.
 */
export function createProviderSettingsService(deps: {
  db: Pick<AdminDb, 'providerConfig' | 'group' | '$transaction'>;
  secretBox: Pick<SecretBox, 'encrypt'>;
  checkBaseUrl: BaseUrlCheck;
  /** Tells chat-service and provider-worker to drop their cached rows (Redis pub/sub); best effort. */
  announceChange?: () => Promise<void>;
  logger?: Pick<Logger, 'warn'>;
}) {
  const encryptedKey = (planned: PlannedProvider): { apiKeyEncrypted?: string | null } => {
    if (planned.key.action === 'set') return { apiKeyEncrypted: deps.secretBox.encrypt(planned.key.value) };
    if (planned.key.action === 'remove') return { apiKeyEncrypted: null };
    return {};
  };

  return {
    async getSettings(): Promise<ProviderSettings> {
      return settingsOf(await deps.db.providerConfig.findMany({ orderBy: ORDER }));
    },

    async updateSettings(actorId: string, update: ProviderSettingsUpdate): Promise<ProviderSettings> {
      const mintId = () => newId('provider');
      const draft = planProviderUpdate(
        await deps.db.providerConfig.findMany({ orderBy: ORDER }),
        update,
        mintId,
      );
      failIfInvalid(draft);
      await assertGroupsExist(deps.db, update);

      // The guard may wait on DNS and a probe: run it before the transaction, never inside it.
      const refusals = await Promise.all(
        draft.urlsToCheck.map(async ({ path, url }) => ({ path, message: await deps.checkBaseUrl(url) })),
      );
      const refused = refusals.filter(
        (refusal): refusal is { path: string; message: string } => refusal.message !== undefined,
      );
      if (refused.length > 0)
        throw new AppError('VALIDATION_FAILED', 'A base URL was refused by the egress guard', {
          details: refused,
        });
      const checked = new Set(draft.urlsToCheck.map(({ url }) => url));

      const rows = await deps.db.$transaction(async (tx) => {
        // One writer at a time; the plan is made again from the rows read under the lock.
        await tx.$queryRaw`SELECT 1 AS "locked" FROM pg_advisory_xact_lock(hashtext('vivier:provider-settings'))`;
        const plan = planProviderUpdate(await tx.providerConfig.findMany({ orderBy: ORDER }), update, mintId);
        failIfInvalid(plan);
        if (plan.urlsToCheck.some(({ url }) => !checked.has(url))) {
          throw new AppError(
            'CONFLICT',
            'The provider settings changed while saving; reload them and try again',
          );
        }
        if (plan.deletes.length > 0)
          await tx.providerConfig.deleteMany({ where: { id: { in: plan.deletes } } });
        for (const planned of plan.writes) {
          const data = {
            kind: planned.kind,
            label: planned.label,
            baseUrl: planned.baseUrl,
            enabled: planned.enabled,
            isDefault: planned.isDefault,
            modelOverrides: planned.modelOverrides as Prisma.InputJsonObject,
            accessGroupIds: planned.accessGroupIds,
            ...encryptedKey(planned),
          };
          if (planned.isNew) await tx.providerConfig.create({ data: { id: planned.id, ...data } });
          else await tx.providerConfig.update({ where: { id: planned.id }, data });
        }
        if (plan.audits.length > 0) {
          await tx.auditLog.createMany({ data: plan.audits.map((audit) => auditRow({ ...audit, actorId })) });
        }
        return tx.providerConfig.findMany({ orderBy: ORDER });
      });
      // Saved either way: a lost notice only means the others see the change when their cache expires (seconds).
      await deps
        .announceChange?.()
        .catch((error: unknown) =>
          deps.logger?.warn(
            { err: error },
            'could not announce the provider-settings change; it applies after the cache TTL',
          ),
        );
      return settingsOf(rows);
    },
  };
}

export type ProviderSettingsService = ReturnType<typeof createProviderSettingsService>;
