import type { ChatMessage, ToolCallPart, ToolResultPart } from './types';

export function toolCallsOf(message: ChatMessage): ToolCallPart[] {
  if (typeof message.content === 'string') return [];
  return message.content.filter((part): part is ToolCallPart => part.type === 'tool_call');
}

export function toolResultsOf(message: ChatMessage): ToolResultPart[] {
  if (typeof message.content === 'string') return [];
  return message.content.filter((part): part is ToolResultPart => part.type === 'tool_result');
}
