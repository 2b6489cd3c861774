import { z } from 'zod';
import {
  cleanContent,
  cleanTitle,
  flattenTree,
  parseOrThrow,
  type ImportedConversation,
  type ImportedMessage,
} from './types';

/** LibreChat's parent of a first message. */
const NO_PARENT = '00000000-0000-0000-0000-000000000000';

interface LibreMessage {
  messageId: string;
  parentMessageId?: string | null | undefined;
  isCreatedByUser?: boolean | undefined;
  sender?: string | undefined;
  text?: string | undefined;
  content?: Array<{ type: string; text?: unknown }> | undefined;
  model?: string | null | undefined;
  createdAt?: string | undefined;
  children?: LibreMessage[] | undefined;
}

const Message: z.ZodType<LibreMessage> = z.lazy(() =>
  z.object({
    messageId: z.string(),
    parentMessageId: z.string().nullable().optional(),
    isCreatedByUser: z.boolean().optional(),
    sender: z.string().optional(),
    text: z.string().optional(),
    content: z.array(z.object({ type: z.string(), text: z.unknown().optional() })).optional(),
    model: z.string().nullable().optional(),
    createdAt: z.iso.datetime({ offset: true }).optional(),
    children: z.array(Message).optional(),
  }),
);

const LibreChatExport = z.object({
  conversationId: z.string(),
  title: z.string().nullable().optional(),
  endpoint: z.string().nullable().optional(),
  model: z.string().nullable().optional(),
  createdAt: z.iso.datetime({ offset: true }).optional(),
  updatedAt: z.iso.datetime({ offset: true }).optional(),
  messages: z.array(Message),
});

/** The "recursive" export nests answers under `children`; flattened, each child knows its parent. */
function flatten(messages: LibreMessage[], parent: string | null, into: Map<string, LibreMessage>) {
  for (const message of messages) {
    into.set(message.messageId, { ...message, parentMessageId: message.parentMessageId ?? parent });
    if (message.children) flatten(message.children, message.messageId, into);
  }
}

function messageText(message: LibreMessage): string {
  if (message.text) return message.text;
  // Agents and newer endpoints store the answer as content parts (text, tool calls, images).
  return (message.content ?? [])
    .map((part) => {
      if (part.type !== 'text') return '';
      // Either a plain string or `{ value }` depending on the LibreChat version.
      const text = part.text as string | { value?: unknown } | undefined;
      return typeof text === 'string' ? text : typeof text?.value === 'string' ? text.value : '';
    })
    .filter(Boolean)
    .join('\n\n');
}

/** One LibreChat conversation (its "JSON" export), flat or recursive, every branch kept. */
export function parseLibreChat(input: unknown): ImportedConversation[] {
  const file = parseOrThrow(LibreChatExport, input);
  const nodes = new Map<string, LibreMessage>();
  flatten(file.messages, null, nodes);
  const times = [...nodes.values()].flatMap((message) => (message.createdAt ? [message.createdAt] : []));
  const createdAt = new Date(file.createdAt ?? times.sort()[0] ?? Date.now());
  const messages = flattenTree(
    nodes,
    (message) =>
      !message.parentMessageId || message.parentMessageId === NO_PARENT ? null : message.parentMessageId,
    (message): ImportedMessage | null => {
      const content = messageText(message);
      if (!content) return null;
      return {
        id: message.messageId,
        parentId: null,
        role: message.isCreatedByUser ? 'user' : 'assistant',
        content: cleanContent(content),
        model: message.isCreatedByUser ? null : (message.model ?? file.model ?? null),
        createdAt: message.createdAt ? new Date(message.createdAt) : createdAt,
      };
    },
    'messages',
  );
  return [
    {
      title: cleanTitle(file.title),
      createdAt,
      updatedAt: new Date(file.updatedAt ?? times.sort().at(-1) ?? createdAt),
      model: file.model ?? null,
      messages,
    },
  ];
}
