import { messageText } from './tokens';
import type { ChatMessage, ImagePart } from './types';

/** How one vendor writes a text part and an image part. */
export interface PartMappers<Part> {
  text(text: string): Part;
  image(image: ImagePart): Part;
}

interface AlternatingTurns<Part> {
  /** The system messages' text, joined; undefined when there is none. */
  system: string | undefined;
  turns: Array<{ role: 'user' | 'assistant'; parts: Part[] }>;
}

/**
 * A message's parts in a vendor's shape. Empty text parts are left out (both the Anthropic and the
 * Gemini API reject them), and so are images outside the user's turns, where they make no sense.
 */
function messageParts<Part>(message: ChatMessage, mappers: PartMappers<Part>): Part[] {
  const parts =
    typeof message.content === 'string'
      ? [{ type: 'text' as const, text: message.content }]
      : message.content;
  const result: Part[] = [];
  for (const part of parts) {
    if (part.type === 'text') {
      if (part.text.length > 0) result.push(mappers.text(part.text));
    } else if (message.role === 'user') {
      result.push(mappers.image(part));
    }
  }
  return result;
}

/**
 * A history in the shape the Anthropic Messages and Gemini APIs both want: the system prompt apart
 * from the turns, and roles alternating, so consecutive messages of one role are merged into one
 * turn (their parts concatenated). A message left with no parts is dropped.
 */
export function toAlternatingTurns<Part>(
  messages: ChatMessage[],
  mappers: PartMappers<Part>,
): AlternatingTurns<Part> {
  const systemTexts: string[] = [];
  const turns: AlternatingTurns<Part>['turns'] = [];
  for (const message of messages) {
    if (message.role === 'system') {
      const text = messageText(message);
      if (text) systemTexts.push(text);
      continue;
    }
    const parts = messageParts(message, mappers);
    if (parts.length === 0) continue;
    const previous = turns[turns.length - 1];
    if (previous && previous.role === message.role) previous.parts.push(...parts);
    else turns.push({ role: message.role, parts });
  }
  return { system: systemTexts.length > 0 ? systemTexts.join('\n\n') : undefined, turns };
}
