import { z } from 'zod';
import { MessageRole } from './chat';

/**
 * `POST /api/chats/:id/share`: the path ending at `upToMessageId` (any branch), or the visible
 * branch when it is left out. The body itself may be left out too.
 */
export const ShareChatRequest = z.object({ upToMessageId: z.string().max(100).optional() }).nullish();
export type ShareChatRequest = z.infer<typeof ShareChatRequest>;

/** `url` is the public page, `<PUBLIC_URL>/share/<id>`. */
export const CreatedShare = z.object({ id: z.string(), url: z.string() });
export type CreatedShare = z.infer<typeof CreatedShare>;

/** A link as its owner sees it in `GET /api/shares`. */
export const ShareLink = z.object({
  id: z.string(),
  url: z.string(),
  chatId: z.string(),
  title: z.string(),
  messageCount: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ShareLink = z.infer<typeof ShareLink>;

export const ShareLinkList = z.object({ items: z.array(ShareLink) });
export type ShareLinkList = z.infer<typeof ShareLinkList>;

/** One message of a snapshot: nothing but what a reader of the page sees. */
export const SharedMessage = z.object({
  role: MessageRole.extract(['user', 'assistant']),
  content: z.string(),
  createdAt: z.iso.datetime(),
});
export type SharedMessage = z.infer<typeof SharedMessage>;

/** `GET /api/shares/:id/public` (no sign-in). */
export const SharedChat = z.object({ title: z.string(), messages: z.array(SharedMessage) });
export type SharedChat = z.infer<typeof SharedChat>;
