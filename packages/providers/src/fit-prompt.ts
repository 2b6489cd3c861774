import { ProviderError } from './errors';
import { estimateMessageTokens, estimateTokens } from './tokens';
import type { ChatMessage } from './types';

export interface FitPromptOptions {
  contextWindow: number;
  /** Tokens kept free for the answer (the request's maxTokens). */
  reservedOutputTokens: number;
}

/**
 * Drops the oldest turns until the prompt fits `contextWindow − reservedOutputTokens`. System
 * messages and the latest user message are always kept; a turn (a user message and the replies
 * after it) goes as a whole so the history never starts with an orphaned answer. Throws
 * CONTEXT_TOO_LONG when even the kept messages do not fit.
 */
export function fitPrompt(messages: ChatMessage[], options: FitPromptOptions): ChatMessage[] {
  const budget = options.contextWindow - options.reservedOutputTokens;
  // The estimate is additive per message, so dropping a message subtracts exactly its share.
  let total = estimateTokens(messages);
  if (total <= budget) return messages;

  let latestUser = -1;
  for (let index = messages.length - 1; index >= 0 && latestUser < 0; index -= 1) {
    if (messages[index]?.role === 'user') latestUser = index;
  }
  const isPinned = (index: number) => index === latestUser || messages[index]?.role === 'system';

  // Turns start at each user message; anything before the first user message is its own turn.
  const turns: number[][] = [];
  messages.forEach((message, index) => {
    if (message.role === 'system') return;
    if (message.role === 'user' || turns.length === 0) turns.push([]);
    turns[turns.length - 1]?.push(index);
  });

  const dropped = new Set<number>();
  for (const turn of turns) {
    if (total <= budget) break;
    for (const index of turn) {
      const message = messages[index];
      if (!message || isPinned(index)) continue;
      dropped.add(index);
      total -= estimateMessageTokens(message);
    }
  }
  if (total > budget) {
    throw new ProviderError(
      'CONTEXT_TOO_LONG',
      `The message is too long for this model: about ${total} tokens, ${Math.max(0, budget)} available.`,
      { retryable: false },
    );
  }
  return messages.filter((_, index) => !dropped.has(index));
}
