import type { Content, Part } from '@google/genai';
import { messageText } from './tokens';
import type { ChatMessage } from './types';

export interface GooglePrompt {
  systemInstruction: string | undefined;
  contents: Array<Content & { role: 'user' | 'model'; parts: Part[] }>;
}

function toParts(message: ChatMessage): Part[] {
  const parts =
    typeof message.content === 'string'
      ? [{ type: 'text' as const, text: message.content }]
      : message.content;
  const result: Part[] = [];
  for (const part of parts) {
    // Gemini rejects empty parts; images only make sense in the user's turns.
    if (part.type === 'text') {
      if (part.text.length > 0) result.push({ text: part.text });
    } else if (message.role === 'user') {
      result.push({ inlineData: { mimeType: part.mimeType, data: part.data } });
    }
  }
  return result;
}

/**
 * Gemini names the assistant `model` and takes the system prompt as `systemInstruction`.
 * Consecutive same-role messages are merged so turns alternate as the API expects.
 */
export function toGooglePrompt(messages: ChatMessage[]): GooglePrompt {
  const systemTexts: string[] = [];
  const contents: GooglePrompt['contents'] = [];
  for (const message of messages) {
    if (message.role === 'system') {
      const text = messageText(message);
      if (text) systemTexts.push(text);
      continue;
    }
    const parts = toParts(message);
    if (parts.length === 0) continue;
    const role = message.role === 'assistant' ? 'model' : 'user';
    const previous = contents[contents.length - 1];
    if (previous && previous.role === role) previous.parts.push(...parts);
    else contents.push({ role, parts });
  }
  return {
    systemInstruction: systemTexts.length > 0 ? systemTexts.join('\n\n') : undefined,
    contents,
  };
}
