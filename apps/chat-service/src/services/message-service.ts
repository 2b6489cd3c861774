import {
  AppError,
  isId,
  type Message,
  type PostMessageRequest,
  type PostMessageResponse,
  type RegenerateResponse,
} from '@vivier/contracts';
import type { ChatDb } from '@vivier/db';
import type { ChatService } from './chat-service';
import type { GenerationService, StartedExchange } from './generation-service';
import type { RequestContext } from './request-context';
import { findExchangeChat } from './exchange-sql';
import { toMessageView, withGenerationId } from './views';

export interface MessageServiceDeps {
  db: ChatDb;
  chats: Pick<ChatService, 'findOwnedChat'>;
  generations: Pick<GenerationService, 'startExchange' | 'reserveAnswer' | 'dropReservation'>;
}

/** What an edit did: a user message branches (and is answered), other messages change in place. */
export type EditOutcome =
  { kind: 'branched'; exchange: PostMessageResponse } | { kind: 'edited'; message: Message };

const notFound = () => new AppError('NOT_FOUND', 'Message not found');
const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', 'Invalid message', { details: [{ path, message }] });

function toExchangeResponse(started: StartedExchange): PostMessageResponse {
  if (!started.userMessage) throw new Error('an exchange without a user message');
  return {
    userMessage: toMessageView(started.userMessage),
    assistantMessage: toMessageView(started.assistantMessage),
    generationId: started.generationId,
  };
}

export function createMessageService(deps: MessageServiceDeps) {
  const { db } = deps;

  /** The caller's message with its chat, or 404 (ownership checked in the query). */
  async function findOwnedMessage(userId: string, messageId: string) {
    if (!isId('message', messageId)) throw notFound();
    const message = await db.message.findFirst({
      where: { id: messageId, chat: { userId } },
      include: { chat: true, ...withGenerationId },
    });
    if (!message) throw notFound();
    return message;
  }

  return {
    /** Every message of the chat (all branches), oldest first; the tree is in `parentId`. */
    async listMessages(userId: string, chatId: string): Promise<Message[]> {
      const chat = await deps.chats.findOwnedChat(userId, chatId);
      const rows = await db.message.findMany({
        where: { chatId: chat.id },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        include: withGenerationId,
      });
      return rows.map(toMessageView);
    },

    async postMessage(
      context: RequestContext,
      chatId: string,
      body: PostMessageRequest,
    ): Promise<PostMessageResponse> {
      // The chat and the new message's parent in one query, and the quota reservation beside it
      // (two round trips at once): this is the path to the first token.
      const requested = body.parentId ?? null;
      if (!isId('chat', chatId)) throw new AppError('NOT_FOUND', 'Chat not found');
      const reservation = deps.generations.reserveAnswer(context);
      let chat: Awaited<ReturnType<typeof findExchangeChat>>;
      try {
        chat = await findExchangeChat(
          db,
          context.userId,
          chatId,
          requested && isId('message', requested) ? requested : null,
        );
        if (!chat) throw new AppError('NOT_FOUND', 'Chat not found');
        if (requested !== null && chat.requestedParentId === null)
          throw invalid('parentId', 'must be a message of this chat');
      } catch (error) {
        await deps.generations.dropReservation(context, reservation);
        throw error;
      }
      const parentId = body.parentId === undefined ? chat.latestMessageId : chat.requestedParentId;
      const started = await deps.generations.startExchange(context, {
        chat,
        userMessage: { content: body.content, parentId, fileIds: [...new Set(body.fileIds ?? [])] },
        reservation,
      });
      return toExchangeResponse(started);
    },

    /** A new answer beside an assistant message (same user message), or to a user message. */
    async regenerate(context: RequestContext, messageId: string): Promise<RegenerateResponse> {
      const message = await findOwnedMessage(context.userId, messageId);
      let promptMessageId: string;
      if (message.role === 'user') {
        promptMessageId = message.id;
      } else {
        const parent =
          message.role === 'assistant' && message.parentId
            ? await db.message.findFirst({
                where: { id: message.parentId, chatId: message.chatId },
                select: { id: true, role: true },
              })
            : null;
        if (parent?.role !== 'user')
          throw invalid('id', 'only an answer to a user message can be regenerated');
        promptMessageId = parent.id;
      }
      const started = await deps.generations.startExchange(context, { chat: message.chat, promptMessageId });
      return {
        assistantMessage: toMessageView(started.assistantMessage),
        generationId: started.generationId,
      };
    },

    /**
     * Editing a user message starts a new branch: a sibling with the new text (same parent, same
     * files) and a fresh answer. Assistant and system messages are corrected in place.
     */
    async editMessage(context: RequestContext, messageId: string, content: string): Promise<EditOutcome> {
      const message = await findOwnedMessage(context.userId, messageId);
      if (message.role === 'user') {
        const started = await deps.generations.startExchange(context, {
          chat: message.chat,
          userMessage: { content, parentId: message.parentId, fileIds: message.fileIds },
        });
        return { kind: 'branched', exchange: toExchangeResponse(started) };
      }
      // Conditional: an answer still being written would overwrite the correction when it finishes.
      const { count } = await db.message.updateMany({
        where: { id: message.id, status: { not: 'streaming' } },
        data: { content },
      });
      if (count === 0)
        throw new AppError('CONFLICT', 'This answer is still being written; edit it once it has finished');
      const updated = await db.message.findUniqueOrThrow({
        where: { id: message.id },
        include: withGenerationId,
      });
      return { kind: 'edited', message: toMessageView(updated) };
    },
  };
}

export type MessageService = ReturnType<typeof createMessageService>;
