import { messageText } from './tokens';
import type { ChatMessage, ImagePart, ToolCallPart, ToolResultPart } from './types';

/** How one vendor writes a text part, an image part, a tool call and a tool result. */
export interface PartMappers<Part> {
  text(text: string): Part;
  image(image: ImagePart): Part;
  toolCall(call: ToolCallPart): Part;
  toolResult(result: ToolResultPart): Part;
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
    } else if (part.type === 'image') {
      if (message.role === 'user') result.push(mappers.image(part));
    } else if (part.type === 'tool_call') {
      if (message.role === 'assistant') result.push(mappers.toolCall(part));
    } else if (message.role === 'tool') {
      result.push(mappers.toolResult(part));
    }
  }
  return result;
}

/**
 * A history in the shape the Anthropic Messages and Gemini APIs both want: the system prompt apart
 * from the turns, and roles alternating, so consecutive messages of one role are merged into one
 * turn (their parts concatenated). A message left with no parts is dropped. Tool results are the
 * user's side of the exchange in both APIs, so a `tool` message joins (or opens) a user turn.
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
    const role = message.role === 'tool' ? 'user' : message.role;
    const previous = turns[turns.length - 1];
    if (previous && previous.role === role) previous.parts.push(...parts);
    else turns.push({ role, parts });
  }
  return { system: systemTexts.length > 0 ? systemTexts.join('\n\n') : undefined, turns };
}
