import { AppError, type Chat, type ChatExport } from '@vivier/contracts';
import type { ChatDb } from '@vivier/db';
import type { ProviderRegistry } from '@vivier/providers';
import type { Logger } from '@vivier/service-kit';
import { attachmentDisposition } from '../lib/attachment-filename';
import { renderChatMarkdown } from '../lib/chat-markdown';
import { FORMAT_LABELS, type ImportedConversation, type ImportFormat } from '../lib/imports/types';
import { importTreeProblems, visibleBranch } from '../lib/message-tree';
import type { ChatService } from './chat-service';
import { settingsOf, toChatView, usageOf } from './views';

export interface TransferServiceDeps {
  db: ChatDb;
  chats: Pick<ChatService, 'findOwnedChat'>;
  registry: Pick<ProviderRegistry, 'listModels'>;
  logger: Logger;
  newId: (kind: 'chat' | 'message') => string;
}

/** A 10,000-message file takes longer than Prisma's 5 s default. */
const IMPORT_TRANSACTION_OPTIONS = { timeout: 60_000, maxWait: 10_000 };

export type ExportFormat = 'json' | 'markdown';

export type ChatDownload =
  | { format: 'json'; disposition: string; body: ChatExport }
  | { format: 'markdown'; disposition: string; body: string };

type ChatRow = Awaited<ReturnType<ChatDb['chat']['findFirstOrThrow']>>;
type MessageRow = Awaited<ReturnType<ChatDb['message']['findFirstOrThrow']>>;

/** A chat and its whole tree (every branch) in our importable JSON format. */
export function chatExport(chat: ChatRow, messages: MessageRow[], exportedAt: Date): ChatExport {
  const settings = settingsOf(chat);
  return {
    format: 'vivier.chat',
    version: 1,
    exportedAt: exportedAt.toISOString(),
    chat: {
      title: chat.title,
      // A kind or a `prv_…` id, as validated when the chat was created (ProviderId).
      provider: chat.provider,
      model: chat.model,
      settings,
      createdAt: chat.createdAt.toISOString(),
      pinned: chat.pinned,
      tags: chat.tags,
    },
    messages: messages.map((message) => ({
      id: message.id,
      parentId: message.parentId,
      role: message.role,
      content: message.content,
      status: message.status,
      provider: message.provider,
      model: message.model,
      ...usageOf(message),
      ...(message.reasoning === null
        ? {}
        : { reasoning: message.reasoning, reasoningMs: message.reasoningMs }),
      createdAt: message.createdAt.toISOString(),
    })),
  };
}

export function createTransferService(deps: TransferServiceDeps) {
  const { db } = deps;

  return {
    /** JSON: the whole tree, every branch (importable). Markdown: the visible branch, to read. */
    async exportChat(userId: string, chatId: string, format: ExportFormat): Promise<ChatDownload> {
      const chat = await deps.chats.findOwnedChat(userId, chatId);
      const messages = await db.message.findMany({
        where: { chatId: chat.id },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      const settings = settingsOf(chat);
      const exportedAt = new Date();
      if (format === 'markdown') {
        const body = renderChatMarkdown(
          { ...chat, systemPrompt: settings.systemPrompt },
          visibleBranch(messages),
          exportedAt,
        );
        return { format, disposition: attachmentDisposition(chat.title, 'md'), body };
      }
      const body = chatExport(chat, messages, exportedAt);
      return { format, disposition: attachmentDisposition(chat.title, 'json'), body };
    },

    /**
     * A new chat from our export: fresh ids throughout, the tree kept (parents must come before
     * their children in the file), provider and model as given even when not configured here.
     */
    async importChat(userId: string, file: ChatExport): Promise<Chat> {
      const details = importTreeProblems(file.messages);
      if (details.length)
        throw new AppError('VALIDATION_FAILED', 'The file does not hold a valid message tree', { details });
      const chatId = deps.newId('chat');
      const newIds = new Map(file.messages.map((message) => [message.id, deps.newId('message')]));
      const chat = await db.$transaction(async (tx) => {
        const created = await tx.chat.create({
          data: {
            id: chatId,
            userId,
            title: file.chat.title,
            provider: file.chat.provider,
            model: file.chat.model,
            settings: file.chat.settings,
            createdAt: new Date(file.chat.createdAt),
            pinned: file.chat.pinned ?? false,
            tags: file.chat.tags ?? [],
          },
        });
        await tx.message.createMany({
          data: file.messages.map((message) => ({
            id: newIds.get(message.id)!,
            chatId,
            userId,
            parentId: message.parentId === null ? null : newIds.get(message.parentId)!,
            role: message.role,
            content: message.content,
            // No generation will ever finish an imported answer that was still streaming.
            status: message.status === 'streaming' ? 'cancelled' : message.status,
            provider: message.provider ?? null,
            model: message.model ?? null,
            inputTokens: message.usage?.inputTokens ?? null,
            outputTokens: message.usage?.outputTokens ?? null,
            reasoningTokens: message.usage?.reasoningTokens ?? null,
            costMicros: message.costMicros ?? null,
            reasoning: message.reasoning ?? null,
            reasoningMs: message.reasoningMs ?? null,
            createdAt: new Date(message.createdAt),
          })),
        });
        return created;
      }, IMPORT_TRANSACTION_OPTIONS);
      deps.logger.info({ chatId, userId, messages: file.messages.length }, 'chat imported');
      return toChatView(chat);
    },

    /**
     * Chats from another app's export, all or nothing (one transaction). A model this server
     * offers under the source's name is used; otherwise the default (or first) offered model, the
     * source's name staying on each answer's `model`.
     */
    async importConversations(
      userId: string,
      format: ImportFormat,
      conversations: ImportedConversation[],
    ): Promise<Chat[]> {
      const details = conversations.flatMap((conversation, index) =>
        importTreeProblems(conversation.messages).map((problem) => ({
          path: `${index}.${problem.path}`,
          message: problem.message,
        })),
      );
      if (details.length) {
        throw new AppError(
          'VALIDATION_FAILED',
          `The ${FORMAT_LABELS[format]} does not hold a valid message tree`,
          {
            details: details.slice(0, 20),
            meta: { format },
          },
        );
      }
      const offered = await deps.registry.listModels();
      const fallback = offered.find((model) => model.isDefault) ?? offered[0];
      const chatModel = (source: string | null) => {
        const same = source === null ? undefined : offered.find((model) => model.id === source);
        const chosen = same ?? fallback;
        // Nothing offered at all: the chat keeps the source's name until the user picks a model.
        return chosen
          ? { provider: chosen.providerId, model: chosen.id }
          : { provider: 'openai-compatible', model: source ?? 'unknown' };
      };
      const rows = conversations.map((conversation) => {
        const chatId = deps.newId('chat');
        const newIds = new Map(conversation.messages.map((message) => [message.id, deps.newId('message')]));
        const { provider, model } = chatModel(conversation.model);
        return {
          chat: {
            id: chatId,
            userId,
            title: conversation.title,
            provider,
            model,
            settings: {},
            createdAt: conversation.createdAt,
            updatedAt: conversation.updatedAt,
          },
          messages: conversation.messages.map((message) => ({
            id: newIds.get(message.id)!,
            chatId,
            userId,
            parentId: message.parentId === null ? null : newIds.get(message.parentId)!,
            role: message.role,
            content: message.content,
            status: 'complete' as const,
            provider: null,
            model: message.model,
            createdAt: message.createdAt,
          })),
        };
      });
      const ids = rows.map((row) => row.chat.id);
      const chats = await db.$transaction(async (tx) => {
        await tx.chat.createMany({ data: rows.map((row) => row.chat) });
        await tx.message.createMany({ data: rows.flatMap((row) => row.messages) });
        return tx.chat.findMany({ where: { id: { in: ids } } });
      }, IMPORT_TRANSACTION_OPTIONS);
      const byId = new Map(chats.map((chat) => [chat.id, chat]));
      deps.logger.info({ userId, format, chats: ids.length }, 'chats imported');
      return ids.map((id) => toChatView(byId.get(id)!));
    },
  };
}

export type TransferService = ReturnType<typeof createTransferService>;
