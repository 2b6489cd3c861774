import { z } from 'zod';
import { text } from './common';

/**
 * The OpenAI-compatible API (`/v1`): OpenAI's own request and response shapes, the subset Vivier
 * serves. Unknown request fields are ignored, as OpenAI-compatible servers do, so SDKs that send
 * newer fields keep working.
 */

const MESSAGE_MAX = 200_000;

const TextPart = z.object({ type: z.literal('text'), text: text(MESSAGE_MAX) });

/** A message's content: a string, or text parts (images and audio are not served on /v1). */
const OpenAiContent = z.union([text(MESSAGE_MAX), z.array(TextPart).max(100)]);

export const OpenAiMessage = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: OpenAiContent,
  name: z.string().max(100).optional(),
});
export type OpenAiMessage = z.infer<typeof OpenAiMessage>;

export const ChatCompletionRequest = z.object({
  model: z.string().min(1).max(300),
  messages: z.array(OpenAiMessage).min(1).max(500),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  max_tokens: z.number().int().min(1).max(200_000).nullish(),
  max_completion_tokens: z.number().int().min(1).max(200_000).nullish(),
  /** Keep the exchange as a chat in the user's list (OpenAI's `store`); otherwise it is deleted. */
  store: z.boolean().nullish(),
  /** Only one choice is generated. */
  n: z.literal(1).nullish(),
  user: z.string().max(300).optional(),
});
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;

export const OpenAiUsage = z.object({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
});
export type OpenAiUsage = z.infer<typeof OpenAiUsage>;

export const OpenAiFinishReason = z.enum(['stop', 'length', 'content_filter']);
export type OpenAiFinishReason = z.infer<typeof OpenAiFinishReason>;

export const ChatCompletion = z.object({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      message: z.object({ role: z.literal('assistant'), content: z.string(), refusal: z.null() }),
      finish_reason: OpenAiFinishReason,
      logprobs: z.null(),
    }),
  ),
  usage: OpenAiUsage,
  /** Vivier's: the chat kept for a request with `store: true`. */
  vivier_chat_id: z.string().optional(),
});
export type ChatCompletion = z.infer<typeof ChatCompletion>;

export const ChatCompletionChunk = z.object({
  id: z.string(),
  object: z.literal('chat.completion.chunk'),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      delta: z.object({ role: z.literal('assistant').optional(), content: z.string().optional() }),
      finish_reason: OpenAiFinishReason.nullable(),
      logprobs: z.null(),
    }),
  ),
  usage: OpenAiUsage.nullable().optional(),
});
export type ChatCompletionChunk = z.infer<typeof ChatCompletionChunk>;

export const OpenAiModelList = z.object({
  object: z.literal('list'),
  data: z.array(
    z.object({
      id: z.string(),
      object: z.literal('model'),
      created: z.number().int(),
      owned_by: z.string(),
    }),
  ),
});
export type OpenAiModelList = z.infer<typeof OpenAiModelList>;

/** Errors on /v1 only: OpenAI's shape, so SDKs raise their typed errors. */
export const OpenAiErrorBody = z.object({
  error: z.object({
    message: z.string(),
    type: z.string(),
    param: z.string().nullable(),
    code: z.string().nullable(),
  }),
});
export type OpenAiErrorBody = z.infer<typeof OpenAiErrorBody>;
