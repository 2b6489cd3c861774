import type { ContentBlockParam, MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages/messages';
import { toAlternatingTurns, type PartMappers } from './alternating-turns';
import type { ChatMessage, ToolDefinition } from './types';

type AnthropicImageType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';

/** Placeholder first turn when a history starts with an answer: the API wants a user turn first. */
const CONTINUATION_PROMPT = '(continued)';

export interface AnthropicPrompt {
  system: string | undefined;
  messages: Array<MessageParam & { role: 'user' | 'assistant'; content: ContentBlockParam[] }>;
}

const anthropicBlocks: PartMappers<ContentBlockParam> = {
  text: (text) => ({ type: 'text', text }),
  image: (image) => ({
    type: 'image',
    source: { type: 'base64', media_type: image.mimeType as AnthropicImageType, data: image.data },
  }),
  toolCall: (call) => ({ type: 'tool_use', id: call.callId, name: call.name, input: call.arguments }),
  toolResult: (result) => ({
    type: 'tool_result',
    tool_use_id: result.callId,
    content: result.content,
    is_error: result.isError,
  }),
};

export function toAnthropicTools(tools: ToolDefinition[]): Tool[] {
  return tools.map((tool) => ({
    name: tool.name,
    description: tool.description,
    input_schema: { type: 'object', ...tool.parameters },
  }));
}

/**
 * Earlier answers go back as text only: their thinking blocks are dropped, which the API allows
 * for every turn that ended in a text answer (the signed blocks must come back only inside a
 * tool-use cycle, and the model ignores earlier turns' thinking anyway). So stored reasoning never
 * needs its signature kept, and a chat may switch between models with and without thinking.
 *
 * The Messages API takes the system prompt apart, wants roles to alternate and the first turn to
 * be the user's: an opening assistant turn gets a placeholder user turn.
 */
export function toAnthropicPrompt(messages: ChatMessage[]): AnthropicPrompt {
  const { system, turns } = toAlternatingTurns(messages, anthropicBlocks);
  const prompt: AnthropicPrompt['messages'] = turns.map(({ role, parts }) => ({ role, content: parts }));
  if (prompt[0]?.role === 'assistant') {
    prompt.unshift({ role: 'user', content: [{ type: 'text', text: CONTINUATION_PROMPT }] });
  }
  return { system, messages: prompt };
}
