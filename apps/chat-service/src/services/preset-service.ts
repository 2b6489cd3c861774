import {
  AppError,
  isId,
  PRESETS_MAX_PER_USER,
  type ChatSettings,
  type CreatePresetRequest,
  type Preset,
  type UpdatePresetRequest,
} from '@vivier/contracts';
import { Prisma, readGroupIdsOf, type ChatDb } from '@vivier/db';
import { findOwnedRow, type Logger } from '@vivier/service-kit';

export interface PresetServiceDeps {
  db: ChatDb;
  logger: Logger;
  newId: (kind: 'preset') => string;
}

interface PresetFields {
  id: string;
  name: string;
  provider: string;
  model: string;
  settings: unknown;
  createdAt: Date;
  updatedAt: Date;
}

const notFound = () => new AppError('NOT_FOUND', 'Preset not found');

const toPresetView = (row: PresetFields, shared: boolean): Preset => ({
  id: row.id,
  name: row.name,
  provider: row.provider,
  model: row.model,
  settings: row.settings as ChatSettings,
  shared,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export function createPresetService(deps: PresetServiceDeps) {
  const { db } = deps;

  /**
   * Presets admins published to everyone or to one of the user's groups. admin-service owns
   * PublishedPreset; this is a read across services, like group membership.
   */
  async function publishedFor(userId: string, presetId?: string): Promise<PresetFields[]> {
    const groupIds = await readGroupIdsOf(db, userId);
    const inGroups = groupIds.length
      ? Prisma.sql`OR "groupIds" && ARRAY[${Prisma.join(groupIds)}]::text[]`
      : Prisma.empty;
    const onlyOne = presetId === undefined ? Prisma.empty : Prisma.sql`AND "id" = ${presetId}`;
    return db.$queryRaw<PresetFields[]>(Prisma.sql`
      SELECT "id", "name", "provider", "model", "settings", "createdAt", "updatedAt"
      FROM "PublishedPreset"
      WHERE (cardinality("groupIds") = 0 ${inGroups}) ${onlyOne}
      ORDER BY "name", "id"`);
  }

  const findOwned = (userId: string, id: string) =>
    findOwnedRow('preset', id, () => db.preset.findFirst({ where: { id, userId } }), notFound);

  return {
    /** The caller's own (newest first), then the published ones they may use, read-only. */
    async listPresets(userId: string): Promise<Preset[]> {
      const [own, published] = await Promise.all([
        db.preset.findMany({ where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
        publishedFor(userId),
      ]);
      return [
        ...own.map((row) => toPresetView(row, false)),
        ...published.map((row) => toPresetView(row, true)),
      ];
    },

    /** A preset the caller may start a chat from (their own or one published to them), or 404. */
    async findUsable(userId: string, presetId: string): Promise<Preset> {
      if (!isId('preset', presetId)) throw notFound();
      const own = await db.preset.findFirst({ where: { id: presetId, userId } });
      if (own) return toPresetView(own, false);
      const [published] = await publishedFor(userId, presetId);
      if (!published) throw notFound();
      return toPresetView(published, true);
    },

    async createPreset(userId: string, input: CreatePresetRequest): Promise<Preset> {
      const count = await db.preset.count({ where: { userId } });
      if (count >= PRESETS_MAX_PER_USER) {
        throw new AppError('CONFLICT', `You can keep at most ${PRESETS_MAX_PER_USER} presets`);
      }
      const row = await db.preset.create({
        data: {
          id: deps.newId('preset'),
          userId,
          name: input.name,
          provider: input.provider,
          model: input.model,
          settings: input.settings ?? {},
        },
      });
      deps.logger.info({ presetId: row.id, userId }, 'preset created');
      return toPresetView(row, false);
    },

    /** Only the caller's own: a published preset answers 404 here, like anyone else's. */
    async updatePreset(userId: string, presetId: string, patch: UpdatePresetRequest): Promise<Preset> {
      const row = await findOwned(userId, presetId);
      const updated = await db.preset.update({
        where: { id: row.id },
        data: {
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.provider !== undefined ? { provider: patch.provider } : {}),
          ...(patch.model !== undefined ? { model: patch.model } : {}),
          ...(patch.settings !== undefined ? { settings: patch.settings } : {}),
        },
      });
      return toPresetView(updated, false);
    },

    async deletePreset(userId: string, presetId: string): Promise<void> {
      const row = await findOwned(userId, presetId);
      await db.preset.delete({ where: { id: row.id } });
      deps.logger.info({ presetId, userId }, 'preset deleted');
    },
  };
}

export type PresetService = ReturnType<typeof createPresetService>;
