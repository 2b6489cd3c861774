import {
  AppError,
  isId,
  PRESETS_MAX_PER_USER,
  type ChatSettings,
  type CreatePresetRequest,
  type Preset,
  type UpdatePresetRequest,
} from '@vivier/contracts';
import { readGroupIdsOf, type ChatDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';

export interface PresetServiceDeps {
  db: ChatDb;
  logger: Logger;
  newId: (kind: 'preset') => string;
}

type PresetRow = Awaited<ReturnType<ChatDb['preset']['findFirstOrThrow']>>;

const notFound = () => new AppError('NOT_FOUND', 'Preset not found');

const toPresetView = (row: PresetRow): Preset => ({
  id: row.id,
  name: row.name,
  provider: row.provider,
  model: row.model,
  settings: row.settings as ChatSettings,
  shared: row.ownerId === null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export function createPresetService(deps: PresetServiceDeps) {
  const { db } = deps;

  /** Published presets reach everyone (no groups) or the members of one of their groups. */
  async function visibleWhere(userId: string) {
    const groupIds = await readGroupIdsOf(db, userId);
    return {
      OR: [
        { ownerId: userId },
        { ownerId: null, groupIds: { isEmpty: true } },
        ...(groupIds.length ? [{ ownerId: null, groupIds: { hasSome: groupIds } }] : []),
      ],
    };
  }

  async function findOwned(userId: string, presetId: string): Promise<PresetRow> {
    if (!isId('preset', presetId)) throw notFound();
    const row = await db.preset.findFirst({ where: { id: presetId, ownerId: userId } });
    if (!row) throw notFound();
    return row;
  }

  return {
    /** The caller's own first (newest first), then the published ones they may use. */
    async listPresets(userId: string): Promise<Preset[]> {
      const rows = await db.preset.findMany({
        where: await visibleWhere(userId),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      });
      const own = rows.filter((row) => row.ownerId !== null);
      const shared = rows.filter((row) => row.ownerId === null);
      return [...own, ...shared].map(toPresetView);
    },

    /** A preset the caller may start a chat from (their own or one published to them), or 404. */
    async findUsable(userId: string, presetId: string): Promise<Preset> {
      if (!isId('preset', presetId)) throw notFound();
      const row = await db.preset.findFirst({
        where: { AND: [{ id: presetId }, await visibleWhere(userId)] },
      });
      if (!row) throw notFound();
      return toPresetView(row);
    },

    async createPreset(userId: string, input: CreatePresetRequest): Promise<Preset> {
      const count = await db.preset.count({ where: { ownerId: userId } });
      if (count >= PRESETS_MAX_PER_USER) {
        throw new AppError('CONFLICT', `You can keep at most ${PRESETS_MAX_PER_USER} presets`);
      }
      const row = await db.preset.create({
        data: {
          id: deps.newId('preset'),
          ownerId: userId,
          name: input.name,
          provider: input.provider,
          model: input.model,
          settings: input.settings ?? {},
        },
      });
      deps.logger.info({ presetId: row.id, userId }, 'preset created');
      return toPresetView(row);
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
      return toPresetView(updated);
    },

    async deletePreset(userId: string, presetId: string): Promise<void> {
      const row = await findOwned(userId, presetId);
      await db.preset.delete({ where: { id: row.id } });
      deps.logger.info({ presetId, userId }, 'preset deleted');
    },
  };
}

export type PresetService = ReturnType<typeof createPresetService>;
