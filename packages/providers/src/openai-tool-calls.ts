import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { parseToolArguments } from './tool-arguments';
import type { ToolCallEvent } from './types';

type ToolCallDelta = ChatCompletionChunk.Choice.Delta.ToolCall;

/**
 * Chat completions stream a tool call in pieces keyed by `index`: the first piece carries the id
 * and name, later ones append to `function.arguments`. Calls are emitted whole, in index order.
 */
export function createOpenAIToolCallCollector() {
  const calls = new Map<number, { id: string; name: string; arguments: string }>();
  return {
    add(deltas: ToolCallDelta[]) {
      for (const delta of deltas) {
        const call = calls.get(delta.index) ?? { id: '', name: '', arguments: '' };
        if (delta.id) call.id = delta.id;
        if (delta.function?.name) call.name += delta.function.name;
        if (delta.function?.arguments) call.arguments += delta.function.arguments;
        calls.set(delta.index, call);
      }
    },
    finish(): ToolCallEvent[] {
      return [...calls.entries()]
        .sort(([a], [b]) => a - b)
        .map(([index, call]) => ({
          type: 'tool_call',
          // Some compatible servers omit the id; the result must still be matched to its call.
          callId: call.id || `call_${index}`,
          name: call.name,
          arguments: parseToolArguments(call.arguments),
        }));
    },
  };
}
