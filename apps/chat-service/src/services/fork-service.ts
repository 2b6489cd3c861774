import { AppError, isId, type Chat } from '@vivier/contracts';
import type { ChatDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import { pathTo } from '../lib/message-tree';
import { toChatView } from './views';

export interface ForkServiceDeps {
  db: ChatDb;
  logger: Logger;
  newId: (kind: 'chat' | 'message') => string;
}

/** Chat titles are at most 200 characters (contracts' CreateChatRequest). */
const TITLE_MAX = 200;
const FORK_SUFFIX = ' (fork)';

export function createForkService(deps: ForkServiceDeps) {
  const { db } = deps;
  const notFound = () => new AppError('NOT_FOUND', 'Message not found');

  return {
    /**
     * A new chat holding copies of the path root → `messageId` (whichever branch it is on): new
     * ids, the same roles, text and dates. Attachments stay with the original messages (a file
     * belongs to one message); an answer still streaming is copied as cancelled, since nothing
     * will ever finish the copy.
     */
    async fork(userId: string, messageId: string): Promise<Chat> {
      if (!isId('message', messageId)) throw notFound();
      const message = await db.message.findFirst({
        where: { id: messageId, chat: { userId } },
        include: { chat: true },
      });
      if (!message) throw notFound();
      const source = message.chat;
      if (source.temporary) throw new AppError('CONFLICT', 'A temporary chat cannot be forked');
      const all = await db.message.findMany({ where: { chatId: source.id } });
      const path = pathTo(all, message.id);
      const chatId = deps.newId('chat');
      const newIds = new Map(path.map((row) => [row.id, deps.newId('message')]));
      const title = `${source.title.slice(0, TITLE_MAX - FORK_SUFFIX.length)}${FORK_SUFFIX}`;
      const chat = await db.$transaction(async (tx) => {
        const created = await tx.chat.create({
          data: {
            id: chatId,
            userId,
            title,
            provider: source.provider,
            model: source.model,
            settings: source.settings ?? {},
            fallbackModel: source.fallbackModel,
          },
        });
        await tx.message.createMany({
          data: path.map((row) => ({
            id: newIds.get(row.id)!,
            chatId,
            userId,
            parentId: row.parentId === null ? null : (newIds.get(row.parentId) ?? null),
            role: row.role,
            content: row.content,
            status: row.status === 'streaming' ? 'cancelled' : row.status,
            provider: row.provider,
            model: row.model,
            inputTokens: row.inputTokens,
            outputTokens: row.outputTokens,
            costMicros: row.costMicros,
            reasoning: row.reasoning,
            reasoningMs: row.reasoningMs,
            reasoningTokens: row.reasoningTokens,
            finishReason: row.finishReason,
            errorCode: row.errorCode,
            createdAt: row.createdAt,
          })),
        });
        return created;
      });
      deps.logger.info({ chatId, from: source.id, userId, messages: path.length }, 'chat forked');
      return toChatView(chat);
    },
  };
}

export type ForkService = ReturnType<typeof createForkService>;
