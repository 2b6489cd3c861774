import { randomBytes } from 'node:crypto';
import {
  AppError,
  type CreatedShare,
  type SharedChat,
  type SharedMessage,
  type ShareLink,
} from '@vivier/contracts';
import type { ChatDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import { pathTo, visibleBranch } from '../lib/message-tree';
import type { ChatService } from './chat-service';

export interface ShareServiceDeps {
  db: ChatDb;
  chats: Pick<ChatService, 'findOwnedChat'>;
  logger: Logger;
  /** The web app's origin: links are `<publicUrl>/share/<id>`. */
  publicUrl: string;
}

/** 256 random bits: the token is the only thing guarding a shared page. */
const newShareToken = () => randomBytes(32).toString('base64url');
const SHARE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

const linkNotFound = () => new AppError('NOT_FOUND', 'Share link not found');

type ShareRow = Awaited<ReturnType<ChatDb['shareLink']['findFirstOrThrow']>>;

export function createShareService(deps: ShareServiceDeps) {
  const { db } = deps;
  const urlOf = (id: string) => `${deps.publicUrl.replace(/\/+$/, '')}/share/${id}`;
  const toView = (row: ShareRow): ShareLink => ({
    id: row.id,
    url: urlOf(row.id),
    chatId: row.chatId,
    title: row.title,
    messageCount: row.messageCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  });

  /**
   * What the page shows of a path: complete user and assistant messages, their text only. The
   * system prompt stays private (it is the author's setup, not the conversation); attachments
   * are left out (their bytes are never public).
   */
  async function snapshotOf(
    chatId: string,
    upToMessageId: string | undefined,
  ): Promise<{
    lastId: string;
    messages: SharedMessage[];
  }> {
    const all = await db.message.findMany({
      where: { chatId },
      // Never the thinking (`reasoning`): a share publishes the answers, not the model's scratch work.
      select: { id: true, parentId: true, role: true, content: true, status: true, createdAt: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    let path;
    if (upToMessageId === undefined) {
      path = visibleBranch(all);
    } else {
      path = pathTo(all, upToMessageId);
      if (!path.length) throw new AppError('NOT_FOUND', 'Message not found in this chat');
    }
    const messages = path
      .filter((message) => message.status === 'complete' && message.role !== 'system')
      .map((message) => ({
        role: message.role as SharedMessage['role'],
        content: message.content,
        createdAt: message.createdAt.toISOString(),
      }));
    if (!messages.length) {
      throw new AppError('VALIDATION_FAILED', 'There is no finished message to share yet', {
        details: [{ path: 'upToMessageId', message: 'the path holds no complete message' }],
      });
    }
    return { lastId: path.at(-1)!.id, messages };
  }

  return {
    /** One link per chat: sharing it again replaces the snapshot and keeps the URL. */
    async share(userId: string, chatId: string, upToMessageId: string | undefined): Promise<CreatedShare> {
      const chat = await deps.chats.findOwnedChat(userId, chatId);
      if (chat.temporary) throw new AppError('CONFLICT', 'A temporary chat cannot be shared');
      const snapshot = await snapshotOf(chat.id, upToMessageId);
      const data = {
        title: chat.title,
        upToMessageId: snapshot.lastId,
        messages: snapshot.messages,
        messageCount: snapshot.messages.length,
      };
      const row = await db.shareLink.upsert({
        where: { chatId: chat.id },
        create: { id: newShareToken(), chatId: chat.id, userId, ...data },
        update: data,
      });
      deps.logger.info({ chatId: chat.id, userId, messages: data.messageCount }, 'chat shared');
      return { id: row.id, url: urlOf(row.id) };
    },

    async listShares(userId: string): Promise<ShareLink[]> {
      const rows = await db.shareLink.findMany({
        where: { userId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      });
      return rows.map(toView);
    },

    async revoke(userId: string, shareId: string): Promise<void> {
      if (!SHARE_TOKEN.test(shareId)) throw linkNotFound();
      const { count } = await db.shareLink.deleteMany({ where: { id: shareId, userId } });
      if (!count) throw linkNotFound();
      deps.logger.info({ shareId, userId }, 'share link revoked');
    },

    /** No caller: the token is the permission. */
    async publicView(shareId: string): Promise<SharedChat> {
      if (!SHARE_TOKEN.test(shareId)) throw linkNotFound();
      const row = await db.shareLink.findUnique({ where: { id: shareId } });
      if (!row) throw linkNotFound();
      return { title: row.title, messages: row.messages as SharedMessage[] };
    },
  };
}

export type ShareService = ReturnType<typeof createShareService>;
