import type { ToolCallRecord } from '@vivier/contracts';
import type { ChatMessage, ContentPart } from '@vivier/providers';

/**
 * An answer that called tools, as the model wrote it: for each round, the text written before the
 * calls with the calls themselves, then the tool results, and finally the rest of the text. Each
 * vendor needs a call and its result to follow each other, so the stored offsets put them back
 * in place.
 */
export function replayToolCalls(content: string, records: ToolCallRecord[]): ChatMessage[] {
  const rounds = new Map<number, ToolCallRecord[]>();
  for (const record of records) {
    const offset = Math.min(Math.max(record.offset, 0), content.length);
    rounds.set(offset, [...(rounds.get(offset) ?? []), record]);
  }
  const messages: ChatMessage[] = [];
  let written = 0;
  for (const [offset, calls] of [...rounds.entries()].sort(([a], [b]) => a - b)) {
    const text = content.slice(written, offset);
    written = offset;
    const parts: ContentPart[] = text ? [{ type: 'text', text }] : [];
    for (const call of calls) {
      parts.push({ type: 'tool_call', callId: call.callId, name: call.name, arguments: call.arguments });
    }
    messages.push({ role: 'assistant', content: parts });
    messages.push({
      role: 'tool',
      content: calls.map((call) => ({
        type: 'tool_result',
        callId: call.callId,
        name: call.name,
        content: call.content,
        isError: call.isError,
      })),
    });
  }
  const rest = content.slice(written);
  if (rest) messages.push({ role: 'assistant', content: rest });
  return messages;
}
