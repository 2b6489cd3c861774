import {
  AppError,
  isId,
  newId,
  PUBLISHED_PRESETS_MAX,
  type ChatSettings,
  type PublishedPreset,
  type PublishPresetRequest,
  type UpdatePublishedPresetRequest,
} from '@vivier/contracts';
import type { AdminDb } from '@vivier/db';
import { auditRow } from './audit-log';
import { assertGroupsExist } from './known-groups';

type Row = Awaited<ReturnType<AdminDb['publishedPreset']['findFirstOrThrow']>>;

const notFound = () => new AppError('NOT_FOUND', 'Preset not found');

const toView = (row: Row): PublishedPreset => ({
  id: row.id,
  name: row.name,
  provider: row.provider,
  model: row.model,
  settings: row.settings as ChatSettings,
  groupIds: row.groupIds,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const snapshot = (row: Row) => {
  const { name, provider, model, settings, groupIds } = toView(row);
  return { name, provider, model, settings, groupIds };
};

/**
 * Presets admins publish to everyone (no groups) or to groups; chat-service lists them to users
 * (read-only) and starts chats from them. Every change is audited in the same transaction.
 */
export function createPublishedPresetService(deps: {
  db: Pick<AdminDb, 'publishedPreset' | 'group' | 'auditLog' | '$transaction'>;
}) {
  const { db } = deps;

  async function find(presetId: string): Promise<Row> {
    if (!isId('preset', presetId)) throw notFound();
    const row = await db.publishedPreset.findUnique({ where: { id: presetId } });
    if (!row) throw notFound();
    return row;
  }

  const audit = (actorId: string, action: string, targetId: string, before: Row | null, after: Row | null) =>
    auditRow({
      actorId,
      action,
      targetType: 'preset',
      targetId,
      before: before && snapshot(before),
      after: after && snapshot(after),
    });

  return {
    async list(): Promise<PublishedPreset[]> {
      const rows = await db.publishedPreset.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] });
      return rows.map(toView);
    },

    async publish(actorId: string, input: PublishPresetRequest): Promise<PublishedPreset> {
      await assertGroupsExist(db, input.groupIds);
      if ((await db.publishedPreset.count()) >= PUBLISHED_PRESETS_MAX) {
        throw new AppError('CONFLICT', `At most ${PUBLISHED_PRESETS_MAX} presets can be published`);
      }
      const row = await db.$transaction(async (tx) => {
        const created = await tx.publishedPreset.create({
          data: {
            id: newId('preset'),
            name: input.name,
            provider: input.provider,
            model: input.model,
            settings: input.settings ?? {},
            groupIds: [...new Set(input.groupIds ?? [])],
            createdById: actorId,
          },
        });
        await tx.auditLog.createMany({ data: [audit(actorId, 'preset.publish', created.id, null, created)] });
        return created;
      });
      return toView(row);
    },

    async update(
      actorId: string,
      presetId: string,
      patch: UpdatePublishedPresetRequest,
    ): Promise<PublishedPreset> {
      const before = await find(presetId);
      await assertGroupsExist(db, patch.groupIds);
      const row = await db.$transaction(async (tx) => {
        const updated = await tx.publishedPreset.update({
          where: { id: presetId },
          data: {
            ...(patch.name === undefined ? {} : { name: patch.name }),
            ...(patch.provider === undefined ? {} : { provider: patch.provider }),
            ...(patch.model === undefined ? {} : { model: patch.model }),
            ...(patch.settings === undefined ? {} : { settings: patch.settings }),
            ...(patch.groupIds === undefined ? {} : { groupIds: [...new Set(patch.groupIds)] }),
          },
        });
        await tx.auditLog.createMany({ data: [audit(actorId, 'preset.update', presetId, before, updated)] });
        return updated;
      });
      return toView(row);
    },

    async remove(actorId: string, presetId: string): Promise<void> {
      const before = await find(presetId);
      await db.$transaction(async (tx) => {
        await tx.publishedPreset.delete({ where: { id: presetId } });
        await tx.auditLog.createMany({ data: [audit(actorId, 'preset.delete', presetId, before, null)] });
      });
    },
  };
}

export type PublishedPresetService = ReturnType<typeof createPublishedPresetService>;
