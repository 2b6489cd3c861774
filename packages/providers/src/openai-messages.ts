import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { messageText } from './tokens';
import type { ChatMessage } from './types';

function userContent(message: ChatMessage): string | ChatCompletionContentPart[] {
  if (typeof message.content === 'string') return message.content;
  return message.content.map((part): ChatCompletionContentPart =>
    part.type === 'text'
      ? { type: 'text', text: part.text }
      : { type: 'image_url', image_url: { url: `data:${part.mimeType};base64,${part.data}` } },
  );
}

/** Chat messages in the chat-completions shape; images become `data:` URLs (user turns only). */
export function toOpenAIMessages(messages: ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((message): ChatCompletionMessageParam => {
    if (message.role === 'system') return { role: 'system', content: messageText(message) };
    if (message.role === 'assistant') return { role: 'assistant', content: messageText(message) };
    return { role: 'user', content: userContent(message) };
  });
}
