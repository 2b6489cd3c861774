import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import { messageText } from './tokens';
import { toolCallsOf, toolResultsOf } from './tool-parts';
import type { ChatMessage, ToolDefinition } from './types';

function userContent(message: ChatMessage): string | ChatCompletionContentPart[] {
  if (typeof message.content === 'string') return message.content;
  const parts: ChatCompletionContentPart[] = [];
  for (const part of message.content) {
    if (part.type === 'text') parts.push({ type: 'text', text: part.text });
    if (part.type === 'image') {
      parts.push({ type: 'image_url', image_url: { url: `data:${part.mimeType};base64,${part.data}` } });
    }
  }
  return parts;
}

function assistantMessage(message: ChatMessage): ChatCompletionMessageParam {
  const text = messageText(message);
  const calls = toolCallsOf(message);
  if (calls.length === 0) return { role: 'assistant', content: text };
  return {
    role: 'assistant',
    // OpenAI wants null rather than '' beside tool calls.
    content: text === '' ? null : text,
    tool_calls: calls.map((call) => ({
      id: call.callId,
      type: 'function',
      function: { name: call.name, arguments: JSON.stringify(call.arguments) },
    })),
  };
}

/**
 * Chat messages in the chat-completions shape; images become `data:` URLs (user turns only), tool
 * calls ride on the assistant message and each tool result is a `tool` message of its own.
 */
export function toOpenAIMessages(messages: ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.flatMap((message): ChatCompletionMessageParam[] => {
    if (message.role === 'system') return [{ role: 'system', content: messageText(message) }];
    if (message.role === 'assistant') return [assistantMessage(message)];
    if (message.role === 'tool') {
      return toolResultsOf(message).map((result) => ({
        role: 'tool',
        tool_call_id: result.callId,
        content: result.content,
      }));
    }
    return [{ role: 'user', content: userContent(message) }];
  });
}

export function toOpenAITools(tools: ToolDefinition[]): ChatCompletionTool[] {
  return tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.parameters },
  }));
}
