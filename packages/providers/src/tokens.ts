import type { ChatMessage } from './types';

/** Every message carries role and separator tokens (OpenAI documents ~3–4). */
const MESSAGE_OVERHEAD_TOKENS = 4;
/** The reply is primed with a few tokens (`<|start|>assistant<|message|>`). */
const REPLY_PRIMING_TOKENS = 3;
/**
 * A conservative flat price per image: OpenAI charges up to ~1 100 tokens for a high-detail
 * 1024×1024 image, Anthropic ~1 600 at its largest size, Gemini 258 per tile.
 */
const IMAGE_TOKENS = 1_600;

/**
 * Roughly 4 ASCII characters per token; other characters cost more (accents, CJK, emoji often take
 * a token or more each), so they count 3/4 of a token. Over-estimating is the safe side when fitting
 * a prompt into a context window.
 */
export function estimateTextTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (const character of text) {
    if (character.charCodeAt(0) < 128) ascii += 1;
    else other += 1;
  }
  return Math.ceil((ascii + other * 3) / 4);
}

export function estimateMessageTokens(message: ChatMessage): number {
  if (typeof message.content === 'string')
    return MESSAGE_OVERHEAD_TOKENS + estimateTextTokens(message.content);
  let total = MESSAGE_OVERHEAD_TOKENS;
  for (const part of message.content) {
    if (part.type === 'text') total += estimateTextTokens(part.text);
    else if (part.type === 'image') total += IMAGE_TOKENS;
    else if (part.type === 'tool_call')
      total += estimateTextTokens(part.name + JSON.stringify(part.arguments));
    else total += estimateTextTokens(part.content);
  }
  return total;
}

/** An offline estimate of a prompt's input tokens (no tokenizer download, no network). */
export function estimateTokens(messages: ChatMessage[]): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const message of messages) total += estimateMessageTokens(message);
  return total;
}

/** Joins the text parts of a message, ignoring images. */
export function messageText(message: ChatMessage): string {
  if (typeof message.content === 'string') return message.content;
  return message.content
    .filter((part) => part.type === 'text')
    .map((part) => part.text)
    .join('\n');
}
