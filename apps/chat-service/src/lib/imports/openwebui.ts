import { z } from 'zod';
import { cleanContent, cleanTitle, flattenTree, fromEpoch, parseOrThrow } from './types';
import type { ImportedConversation, ImportedMessage } from './types';

const HistoryMessage = z.object({
  id: z.string().optional(),
  parentId: z.string().nullable().optional(),
  childrenIds: z.array(z.string()).optional(),
  role: z.string(),
  content: z.string().nullable().optional(),
  timestamp: z.number().optional(),
  model: z.string().nullable().optional(),
});

const Conversation = z.object({
  id: z.string().optional(),
  title: z.string().nullable().optional(),
  created_at: z.number().optional(),
  updated_at: z.number().optional(),
  chat: z.object({
    title: z.string().nullable().optional(),
    models: z.array(z.string()).optional(),
    timestamp: z.number().optional(),
    history: z.object({
      messages: z.record(z.string(), HistoryMessage),
      currentId: z.string().nullable().optional(),
    }),
  }),
});

const OpenWebUiExport = z.array(Conversation);

/** Open WebUI's "Export All Chats" (or one chat's) JSON: every branch of its history kept. */
export function parseOpenWebUi(input: unknown): ImportedConversation[] {
  return parseOrThrow(OpenWebUiExport, Array.isArray(input) ? input : [input]).map((conversation, index) => {
    const stamp = conversation.created_at ?? conversation.chat.timestamp;
    const createdAt = stamp === undefined ? new Date() : fromEpoch(stamp);
    const nodes = new Map(Object.entries(conversation.chat.history.messages));
    const messages = flattenTree(
      nodes,
      (message) => message.parentId ?? null,
      (message): ImportedMessage | null => {
        if (message.role !== 'user' && message.role !== 'assistant') return null;
        if (!message.content) return null;
        return {
          id: '',
          parentId: null,
          role: message.role,
          content: cleanContent(message.content),
          model: message.role === 'assistant' ? (message.model ?? null) : null,
          createdAt: message.timestamp === undefined ? createdAt : fromEpoch(message.timestamp),
        };
      },
      `${index}.chat.history.messages`,
    );
    return {
      title: cleanTitle(conversation.title ?? conversation.chat.title),
      createdAt,
      updatedAt: conversation.updated_at === undefined ? createdAt : fromEpoch(conversation.updated_at),
      model: conversation.chat.models?.[0] ?? null,
      messages,
    };
  });
}
