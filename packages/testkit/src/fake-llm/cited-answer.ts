import type { FakeConversation } from './types';

/** A numbered source as Vivier puts them in the system prompt: `[n] title` and its text below. */
const SOURCE_BLOCK = /^\[(\d+)\] (.+)\n([^\n]+)/m;

/**
 * What the fake answers when the system prompt carries numbered knowledge sources: the first
 * sentence of source [1], cited, as a model following the instruction would. Null without sources.
 */
export function citedAnswer(conversation: FakeConversation): string | null {
  const system = [
    conversation.system ?? '',
    ...conversation.messages.filter((message) => message.role === 'system').map((message) => message.text),
  ].join('\n');
  const match = SOURCE_BLOCK.exec(system);
  if (!match) return null;
  const [, index, title, text] = match;
  const sentence = /^.*?[.!?](?=\s|$)/.exec(text!.trim())?.[0] ?? text!.trim();
  return `According to ${title!.trim()}: ${sentence} [${index}]`;
}
