import type { Content, Part } from '@google/genai';
import { toAlternatingTurns, type PartMappers } from './alternating-turns';
import type { ChatMessage } from './types';

export interface GooglePrompt {
  systemInstruction: string | undefined;
  contents: Array<Content & { role: 'user' | 'model'; parts: Part[] }>;
}

const geminiParts: PartMappers<Part> = {
  text: (text) => ({ text }),
  image: (image) => ({ inlineData: { mimeType: image.mimeType, data: image.data } }),
};

/** Gemini names the assistant `model` and takes the system prompt as `systemInstruction`. */
export function toGooglePrompt(messages: ChatMessage[]): GooglePrompt {
  const { system, turns } = toAlternatingTurns(messages, geminiParts);
  return {
    systemInstruction: system,
    contents: turns.map(({ role, parts }) => ({ role: role === 'assistant' ? 'model' : 'user', parts })),
  };
}
