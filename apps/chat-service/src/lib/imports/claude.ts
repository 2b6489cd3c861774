import { z } from 'zod';
import { cleanContent, cleanTitle, parseOrThrow, type ImportedConversation } from './types';

const ChatMessage = z.object({
  uuid: z.string(),
  sender: z.enum(['human', 'assistant']),
  text: z.string().optional(),
  content: z.array(z.object({ type: z.string(), text: z.string().optional() })).optional(),
  attachments: z.array(z.object({ file_name: z.string().optional() })).optional(),
  files: z.array(z.object({ file_name: z.string().optional() })).optional(),
  created_at: z.iso.datetime({ offset: true }),
});

const Conversation = z.object({
  uuid: z.string(),
  name: z.string().nullable().optional(),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }).optional(),
  chat_messages: z.array(ChatMessage),
});

const ClaudeExport = z.array(Conversation);

function messageText(message: z.infer<typeof ChatMessage>): string {
  // `content` blocks are the newer, richer form; tool calls and thinking blocks are not shown.
  const blocks = message.content?.filter((block) => block.type === 'text' && block.text);
  const text = blocks?.length ? blocks.map((block) => block.text).join('\n\n') : (message.text ?? '');
  const files = [...(message.attachments ?? []), ...(message.files ?? [])].map(
    (file) => `[attachment not imported: ${file.file_name ?? 'file'}]`,
  );
  return [text, ...files].filter(Boolean).join('\n\n');
}

/** Claude's `conversations.json`: linear conversations, each message answering the previous one. */
export function parseClaude(input: unknown): ImportedConversation[] {
  return parseOrThrow(ClaudeExport, input).map((conversation) => {
    const createdAt = new Date(conversation.created_at);
    let parentId: string | null = null;
    const messages = conversation.chat_messages.flatMap((message) => {
      const content = messageText(message);
      if (!content) return [];
      const imported = {
        id: message.uuid,
        parentId,
        role: message.sender === 'human' ? ('user' as const) : ('assistant' as const),
        content: cleanContent(content),
        model: null,
        createdAt: new Date(message.created_at),
      };
      parentId = message.uuid;
      return [imported];
    });
    return {
      title: cleanTitle(conversation.name),
      createdAt,
      updatedAt: conversation.updated_at ? new Date(conversation.updated_at) : createdAt,
      model: null,
      messages,
    };
  });
}
