import type { Content, Part, Tool } from '@google/genai';
import { toAlternatingTurns, type PartMappers } from './alternating-turns';
import type { ChatMessage, ToolDefinition } from './types';

export interface GooglePrompt {
  systemInstruction: string | undefined;
  contents: Array<Content & { role: 'user' | 'model'; parts: Part[] }>;
}

const geminiParts: PartMappers<Part> = {
  text: (text) => ({ text }),
  image: (image) => ({ inlineData: { mimeType: image.mimeType, data: image.data } }),
  toolCall: (call) => ({ functionCall: { id: call.callId, name: call.name, args: call.arguments } }),
  // Gemini matches a response to its call by name (and id when the call had one).
  toolResult: (result) => ({
    functionResponse: {
      id: result.callId,
      name: result.name,
      response: result.isError ? { error: result.content } : { output: result.content },
    },
  }),
};

export function toGoogleTools(tools: ToolDefinition[]): Tool[] {
  return [
    {
      functionDeclarations: tools.map((tool) => ({
        name: tool.name,
        description: tool.description,
        parametersJsonSchema: tool.parameters,
      })),
    },
  ];
}

/** Gemini names the assistant `model` and takes the system prompt as `systemInstruction`. */
export function toGooglePrompt(messages: ChatMessage[]): GooglePrompt {
  const { system, turns } = toAlternatingTurns(messages, geminiParts);
  return {
    systemInstruction: system,
    contents: turns.map(({ role, parts }) => ({ role: role === 'assistant' ? 'model' : 'user', parts })),
  };
}
