import type { ContentBlockParam, MessageParam } from '@anthropic-ai/sdk/resources/messages/messages';
import { messageText } from './tokens';
import type { ChatMessage } from './types';

type AnthropicImageType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';

/** Placeholder first turn when a history starts with an answer: the API wants a user turn first. */
const CONTINUATION_PROMPT = '(continued)';

export interface AnthropicPrompt {
  system: string | undefined;
  messages: Array<MessageParam & { role: 'user' | 'assistant'; content: ContentBlockParam[] }>;
}

function toBlocks(message: ChatMessage): ContentBlockParam[] {
  const parts =
    typeof message.content === 'string'
      ? [{ type: 'text' as const, text: message.content }]
      : message.content;
  const blocks: ContentBlockParam[] = [];
  for (const part of parts) {
    // The API rejects empty text blocks ("text content blocks must be non-empty").
    if (part.type === 'text') {
      if (part.text.length > 0) blocks.push({ type: 'text', text: part.text });
    } else if (message.role === 'user') {
      blocks.push({
        type: 'image',
        source: { type: 'base64', media_type: part.mimeType as AnthropicImageType, data: part.data },
      });
    }
  }
  return blocks;
}

/**
 * The Messages API takes the system prompt apart, wants roles to alternate and the first turn to
 * be the user's. System messages are joined into `system`; consecutive same-role messages are
 * merged (their blocks concatenated); an opening assistant turn gets a placeholder user turn.
 */
export function toAnthropicPrompt(messages: ChatMessage[]): AnthropicPrompt {
  const systemTexts: string[] = [];
  const turns: AnthropicPrompt['messages'] = [];
  for (const message of messages) {
    if (message.role === 'system') {
      const text = messageText(message);
      if (text) systemTexts.push(text);
      continue;
    }
    const blocks = toBlocks(message);
    if (blocks.length === 0) continue;
    const previous = turns[turns.length - 1];
    if (previous && previous.role === message.role) previous.content.push(...blocks);
    else turns.push({ role: message.role, content: blocks });
  }
  if (turns[0]?.role === 'assistant') {
    turns.unshift({ role: 'user', content: [{ type: 'text', text: CONTINUATION_PROMPT }] });
  }
  return { system: systemTexts.length > 0 ? systemTexts.join('\n\n') : undefined, messages: turns };
}
