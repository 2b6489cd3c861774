import type {
  ChatCompletionChunk,
  OpenAiFinishReason,
  OpenAiMessage,
  OpenAiUsage,
  Usage,
} from '@vivier/contracts';

/** OpenAI's finish reasons for ours (`other` has no OpenAI name: it ended normally). */
export function toOpenAiFinishReason(reason: string | null | undefined): OpenAiFinishReason {
  return reason === 'length' || reason === 'content_filter' ? reason : 'stop';
}

export function toOpenAiUsage(usage: Usage): OpenAiUsage {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

/** A message's text: a string as is, text parts joined by newlines. */
function contentText(content: OpenAiMessage['content']): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('\n');
}

/** What a /v1 conversation becomes: the chat's system prompt, earlier turns, and the prompt. */
export interface SplitConversation {
  systemPrompt?: string;
  history: Array<{ role: 'user' | 'assistant'; content: string }>;
  prompt: string;
}

/**
 * System and developer messages become the chat's system prompt (joined, in order); the last
 * message must be the user's, since an answer in Vivier always replies to a user message.
 */
export function splitConversation(messages: OpenAiMessage[]): SplitConversation | { error: string } {
  const system: string[] = [];
  const turns: SplitConversation['history'] = [];
  for (const message of messages) {
    const text = contentText(message.content);
    if (message.role === 'system' || message.role === 'developer') system.push(text);
    else turns.push({ role: message.role, content: text });
  }
  const last = turns.pop();
  if (last?.role !== 'user')
    return { error: 'the last message (after system messages) must have role "user"' };
  return {
    ...(system.length ? { systemPrompt: system.join('\n\n') } : {}),
    history: turns,
    prompt: last.content,
  };
}

/** One chunk of a streamed completion, OpenAI's `chat.completion.chunk`. */
export function completionChunk(
  head: { id: string; created: number; model: string },
  choice: {
    delta: ChatCompletionChunk['choices'][number]['delta'];
    finishReason?: OpenAiFinishReason;
  } | null,
  usage?: OpenAiUsage | null,
): ChatCompletionChunk {
  return {
    id: head.id,
    object: 'chat.completion.chunk',
    created: head.created,
    model: head.model,
    choices: choice
      ? [{ index: 0, delta: choice.delta, finish_reason: choice.finishReason ?? null, logprobs: null }]
      : [],
    ...(usage === undefined ? {} : { usage }),
  };
}

export const sseData = (payload: unknown) => `data: ${JSON.stringify(payload)}\n\n`;
export const SSE_DONE = 'data: [DONE]\n\n';
