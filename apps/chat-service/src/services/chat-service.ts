import { DEFAULT_CHAT_TITLE } from '@vivier/contracts';
import {
  AppError,
  type Chat,
  type ChatListItem,
  type CreateChatRequest,
  type ListChatsQuery,
  NO_FOLDER,
  type TagSummary,
  type UpdateChatRequest,
} from '@vivier/contracts';
import { Prisma, type ChatDb, type Chat as ChatRow } from '@vivier/db';
import { readableBases } from '@vivier/knowledge';
import type { ProviderRegistry } from '@vivier/providers';
import { findOwnedRow, type Logger } from '@vivier/service-kit';
import { decodeChatCursor, encodeChatCursor } from '../lib/chat-cursor';
import { toPrefixTsQuery } from '../lib/search-query';
import { searchChats, type ChatFilter, type ChatSearchHit } from './chat-search';
import type { FolderService } from './folder-service';
import type { GenerationService } from './generation-service';
import type { PresetService } from './preset-service';
import { toChatView } from './views';

export interface ChatServiceDeps {
  db: ChatDb;
  registry: Pick<ProviderRegistry, 'checkModel'>;
  generations: Pick<GenerationService, 'cancelRunningInChat'>;
  presets: Pick<PresetService, 'findUsable'>;
  folders: Pick<FolderService, 'findOwnedFolder'>;
  logger: Logger;
  newId: (kind: 'chat') => string;
}

const notFound = () => new AppError('NOT_FOUND', 'Chat not found');
const notSaved = () =>
  new AppError('CONFLICT', 'A temporary chat is not saved: it cannot be filed, pinned or tagged');

const ORGANISING_FIELDS = new Set(['folderId', 'pinned', 'tags']);

/** Tags listed by `GET /api/tags`: far more than anyone keeps, so the answer stays bounded. */
const TAG_LIST_MAX = 500;

export function createChatService(deps: ChatServiceDeps) {
  const { db } = deps;

  /**
   * 400 unless a configured provider offers the model (and the fallback, when one is set); 403
   * MODEL_NOT_ALLOWED when an admin limits it to groups the user is not in.
   */
  async function assertModelsOffered(
    userId: string,
    provider: string,
    model: string,
    fallbackModel?: string | null,
  ) {
    const checks: Array<[string, string]> = [['model', model]];
    if (fallbackModel) checks.push(['fallbackModel', fallbackModel]);
    const details = [];
    let isForbidden = false;
    for (const [path, id] of checks) {
      const { reason, forbidden } = await deps.registry.checkModel(provider, id, userId);
      if (reason) details.push({ path, message: reason });
      if (forbidden) isForbidden = true;
    }
    if (isForbidden)
      throw new AppError('MODEL_NOT_ALLOWED', 'You do not have access to this model', { details });
    if (details.length) throw new AppError('VALIDATION_FAILED', 'This model is not available', { details });
  }

  /** The caller's chat row, or 404 for unknown, malformed and other users' ids alike. */
  const findOwnedChat = (userId: string, id: string): Promise<ChatRow> =>
    findOwnedRow('chat', id, () => db.chat.findFirst({ where: { id, userId } }), notFound);

  /** The list's filters; a folder that is not the caller's is a 404 like any other id. */
  async function filterOf(userId: string, query: ListChatsQuery): Promise<ChatFilter> {
    let folderId: string | null | undefined;
    if (query.folderId === NO_FOLDER) folderId = null;
    else if (query.folderId !== undefined)
      folderId = (await deps.folders.findOwnedFolder(userId, query.folderId)).id;
    return { folderId, tag: query.tag, pinned: query.pinned };
  }

  async function listChats(
    userId: string,
    query: ListChatsQuery,
  ): Promise<{ items: ChatListItem[]; nextCursor: string | null }> {
    const after = query.cursor ? decodeChatCursor(query.cursor) : undefined;
    const archived = query.archived ?? false;
    const filter = await filterOf(userId, query);
    const take = query.limit + 1;
    let rows: ChatRow[];
    let matches: Map<string, ChatSearchHit['match']> | undefined;
    if (query.q !== undefined) {
      const tsQuery = toPrefixTsQuery(query.q);
      const hits = tsQuery
        ? await searchChats(db, { ...filter, userId, archived, tsQuery, after, take })
        : [];
      matches = new Map(hits.map((hit) => [hit.id, hit.match]));
      const found = await db.chat.findMany({ where: { id: { in: [...matches.keys()] }, userId } });
      const byId = new Map(found.map((chat) => [chat.id, chat]));
      rows = hits.flatMap((hit) => byId.get(hit.id) ?? []);
    } else {
      rows = await db.chat.findMany({
        where: {
          userId,
          archived,
          temporary: false,
          ...(filter.folderId === undefined ? {} : { folderId: filter.folderId }),
          ...(filter.tag === undefined ? {} : { tags: { has: filter.tag } }),
          ...(filter.pinned === undefined ? {} : { pinned: filter.pinned }),
          ...(after
            ? {
                OR: [
                  { updatedAt: { lt: after.updatedAt } },
                  { updatedAt: after.updatedAt, id: { lt: after.id } },
                ],
              }
            : {}),
        },
        orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
        take,
      });
    }
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) =>
        matches ? { ...toChatView(row), match: matches.get(row.id) ?? null } : toChatView(row),
      ),
      nextCursor: rows.length > query.limit && last ? encodeChatCursor(last) : null,
    };
  }

  /**
   * A chat may name only knowledge bases its owner may read: another user's id answers 404 like
   * any unknown id. The worker checks again at every retrieval (shares can be withdrawn).
   */
  async function assertKnowledgeReadable(userId: string, knowledgeIds: readonly string[] | undefined) {
    if (!knowledgeIds?.length) return;
    const readable = await readableBases(db, userId, knowledgeIds);
    if (readable.length !== new Set(knowledgeIds).size) {
      throw new AppError('NOT_FOUND', 'Knowledge base not found');
    }
  }

  return {
    findOwnedChat,
    listChats,

    /** The caller's tags over their saved chats, most used first, then by name. */
    async listTags(userId: string): Promise<TagSummary[]> {
      const rows = await db.$queryRaw<Array<{ name: string; chatCount: number }>>(Prisma.sql`
        SELECT tag AS name, count(*)::int AS "chatCount"
        FROM "Chat" c, unnest(c."tags") AS tag
        WHERE c."userId" = ${userId} AND NOT c."temporary"
        GROUP BY tag
        ORDER BY count(*) DESC, tag ASC
        LIMIT ${TAG_LIST_MAX}`);
      return rows;
    },

    /**
     * With a preset, its provider, model and settings fill in what the body leaves out; a preset
     * naming a model the caller may not use is refused like that model itself (MODEL_NOT_ALLOWED).
     */
    async createChat(userId: string, input: CreateChatRequest): Promise<Chat> {
      const preset = input.presetId ? await deps.presets.findUsable(userId, input.presetId) : undefined;
      const provider = input.provider ?? preset?.provider;
      const model = input.model ?? preset?.model;
      // The contract requires both without a preset, and a preset always has both.
      if (provider === undefined || model === undefined) {
        throw new AppError('VALIDATION_FAILED', 'provider and model are required');
      }
      const settings = input.settings ?? preset?.settings ?? {};
      await assertModelsOffered(userId, provider, model, input.fallbackModel);
      if (input.temporary && input.folderId) throw notSaved();
      const folderId = input.folderId
        ? (await deps.folders.findOwnedFolder(userId, input.folderId)).id
        : null;
      await assertKnowledgeReadable(userId, settings.knowledgeIds);
      const chat = await db.chat.create({
        data: {
          id: deps.newId('chat'),
          userId,
          title: input.title ?? preset?.name ?? DEFAULT_CHAT_TITLE,
          provider,
          model,
          settings,
          fallbackModel: input.fallbackModel ?? null,
          temporary: input.temporary ?? false,
          folderId,
        },
      });
      deps.logger.info({ chatId: chat.id, userId, temporary: chat.temporary }, 'chat created');
      return toChatView(chat);
    },

    async getChat(userId: string, chatId: string): Promise<Chat> {
      return toChatView(await findOwnedChat(userId, chatId));
    },

    /**
     * Rename, archive/unarchive, switch model or settings (the model must still be offered); file
     * into a folder, pin, tag. Filing, pinning and tagging alone keep `updatedAt`: the list is
     * ordered by activity, and organising a chat is not activity in it.
     */
    async updateChat(userId: string, chatId: string, patch: UpdateChatRequest): Promise<Chat> {
      const chat = await findOwnedChat(userId, chatId);
      const organises =
        patch.folderId !== undefined || patch.pinned !== undefined || patch.tags !== undefined;
      if (chat.temporary && organises) throw notSaved();
      const folderId = patch.folderId
        ? (await deps.folders.findOwnedFolder(userId, patch.folderId)).id
        : patch.folderId;
      const onlyOrganises =
        organises &&
        Object.entries(patch).every(([key, value]) => value === undefined || ORGANISING_FIELDS.has(key));
      if (patch.provider !== undefined || patch.model !== undefined || patch.fallbackModel) {
        await assertModelsOffered(
          userId,
          patch.provider ?? chat.provider,
          patch.model ?? chat.model,
          patch.fallbackModel,
        );
      }
      await assertKnowledgeReadable(userId, patch.settings?.knowledgeIds);
      const updated = await db.chat.update({
        where: { id: chat.id },
        data: {
          title: patch.title,
          archived: patch.archived,
          provider: patch.provider,
          model: patch.model,
          settings: patch.settings,
          fallbackModel: patch.fallbackModel,
          folderId,
          pinned: patch.pinned,
          tags: patch.tags,
          ...(onlyOrganises ? { updatedAt: chat.updatedAt } : {}),
        },
      });
      return toChatView(updated);
    },

    /** Deletes the chat with its messages and generations, stopping any answer still running. */
    async deleteChat(userId: string, chatId: string): Promise<void> {
      const chat = await findOwnedChat(userId, chatId);
      await deps.generations.cancelRunningInChat(chat.id);
      await db.chat.deleteMany({ where: { id: chat.id, userId } });
      deps.logger.info({ chatId: chat.id, userId }, 'chat deleted');
    },
  };
}

export type ChatService = ReturnType<typeof createChatService>;
