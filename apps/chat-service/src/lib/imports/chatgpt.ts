import { z } from 'zod';
import { cleanContent, cleanTitle, flattenTree, fromEpoch, parseOrThrow } from './types';
import type { ImportedConversation, ImportedMessage } from './types';

const Node = z.object({
  id: z.string().optional(),
  parent: z.string().nullable().optional(),
  children: z.array(z.string()).optional(),
  message: z
    .object({
      author: z.object({ role: z.string() }),
      content: z.object({ content_type: z.string(), parts: z.array(z.unknown()).optional() }),
      create_time: z.number().nullable().optional(),
      recipient: z.string().optional(),
      metadata: z
        .object({
          is_visually_hidden_from_conversation: z.boolean().optional(),
          model_slug: z.string().nullable().optional(),
        })
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
});

const Conversation = z.object({
  title: z.string().nullable().optional(),
  create_time: z.number(),
  update_time: z.number().nullable().optional(),
  mapping: z.record(z.string(), Node),
  current_node: z.string().nullable().optional(),
  default_model_slug: z.string().nullable().optional(),
});

const ChatGptExport = z.array(Conversation);

/** Only what a person saw: tools, system prompts, hidden context and reasoning are left out. */
const SHOWN_CONTENT = new Set(['text', 'multimodal_text']);

type ChatGptNode = z.infer<typeof Node>;

function partText(part: unknown): string {
  if (typeof part === 'string') return part;
  const type = (part as { content_type?: unknown } | null)?.content_type;
  return type === 'image_asset_pointer' ? '[image not imported]' : '[attachment not imported]';
}

function toMessage(node: ChatGptNode, fallback: Date): ImportedMessage | null {
  const message = node.message;
  if (!message) return null;
  const role = message.author.role;
  if (role !== 'user' && role !== 'assistant') return null;
  if (!SHOWN_CONTENT.has(message.content.content_type)) return null;
  if (message.metadata?.is_visually_hidden_from_conversation) return null;
  if (message.recipient !== undefined && message.recipient !== 'all') return null;
  const content = (message.content.parts ?? [])
    .map(partText)
    .filter((part) => part.length > 0)
    .join('\n\n');
  // ChatGPT keeps empty placeholder turns (e.g. an answer that only called a tool).
  if (!content) return null;
  return {
    id: '',
    parentId: null,
    role,
    content: cleanContent(content),
    model: message.metadata?.model_slug ?? null,
    createdAt: message.create_time == null ? fallback : fromEpoch(message.create_time),
  };
}

/** ChatGPT's `conversations.json`: every conversation, every branch. */
export function parseChatGpt(input: unknown): ImportedConversation[] {
  return parseOrThrow(ChatGptExport, input).map((conversation, index) => {
    const createdAt = fromEpoch(conversation.create_time);
    const nodes = new Map(Object.entries(conversation.mapping));
    const messages = flattenTree(
      nodes,
      (node) => node.parent ?? null,
      (node) => toMessage(node, createdAt),
      `${index}.mapping`,
    );
    return {
      title: cleanTitle(conversation.title),
      createdAt,
      updatedAt: conversation.update_time == null ? createdAt : fromEpoch(conversation.update_time),
      model: conversation.default_model_slug ?? messages.findLast((message) => message.model)?.model ?? null,
      messages,
    };
  });
}
