import { APIError, type OpenAI } from 'openai';
import type { ChatCompletionCreateParamsBase } from 'openai/resources/chat/completions/completions';
import { truncatedStreamError, type ProviderAdapter } from './build-provider';
import { findModel } from './catalogue';
import { streamedBodyOf } from './guarded-fetch';
import { toOpenAIMessages, toOpenAITools } from './openai-messages';
import { createOpenAIToolCallCollector } from './openai-tool-calls';
import { openAIReasoningEffort } from './reasoning-effort';
import { createServerSentEventReader } from './server-sent-events';
import { estimateTextTokens, estimateTokens } from './tokens';
import type { ChatRequest, FinishReason, ModelInfo, ProviderEvent, ProviderKind } from './types';

export interface OpenAIChatAdapterOptions {
  kind: Extract<ProviderKind, 'openai' | 'openai-compatible'>;
  client: OpenAI;
  models: ModelInfo[];
  /** Checked before each call (the official API needs a key; compatible servers may not). */
  beforeCall?: () => void;
}

/** DeepSeek, vLLM and LM Studio stream `reasoning_content`; OpenRouter and Ollama `reasoning`. */
interface ReasoningFields {
  reasoning_content?: unknown;
  reasoning?: unknown;
}

function reasoningText(fields: ReasoningFields | null | undefined): string {
  const value = fields?.reasoning_content ?? fields?.reasoning;
  return typeof value === 'string' ? value : '';
}

/**
 * OpenAI reports thinking inside completion_tokens and again apart in its details (0 for models
 * that do not think, which says nothing worth keeping).
 */
function reportedReasoningTokens(usage: OpenAI.CompletionUsage | undefined): { reasoningTokens?: number } {
  const tokens = usage?.completion_tokens_details?.reasoning_tokens;
  return typeof tokens === 'number' && tokens > 0 ? { reasoningTokens: tokens } : {};
}

function normaliseOpenAIFinish(reason: string | null | undefined): FinishReason {
  if (reason === 'stop') return 'stop';
  if (reason === 'length') return 'length';
  if (reason === 'content_filter') return 'content_filter';
  if (reason === 'tool_calls' || reason === 'function_call') return 'tool_calls';
  return 'other';
}

/** The SDK's test for an aborted request (`internal/errors.mjs` isAbortError), for the same outcome. */
function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (('name' in error && error.name === 'AbortError') ||
      ('message' in error && String(error.message).includes('FetchRequestCanceledException')))
  );
}

/**
 * The chunks of a streamed chat completion, read from the response body the SDK returned, with the
 * SDK's outcomes (`Stream.fromSSEResponse`): nothing after `[DONE]`, an `error` payload thrown as
 * its APIError, an abort ending the chunks quietly, the request aborted when the reader stops
 * early. Read here rather than through the SDK's Stream: see server-sent-events.ts. The body of a
 * response from our own fetch is read as the Node stream it is (`streamedBodyOf`), any other
 * through its web stream's reader. The Assistants API's `thread.*` events never come on this
 * endpoint and are skipped.
 */
async function* chatCompletionChunks(
  response: Response,
  controller: AbortController,
): AsyncGenerator<OpenAI.ChatCompletionChunk> {
  const events = createServerSentEventReader();
  let isDone = false;
  // A piece can hold several events: a failure (an error payload, a malformed event) is thrown
  // only after the chunks before it, as the SDK's Stream does.
  const chunksOf = (piece: Uint8Array): Array<OpenAI.ChatCompletionChunk | Error> => {
    const chunks: Array<OpenAI.ChatCompletionChunk | Error> = [];
    for (const sse of events.push(piece)) {
      if (isDone) continue;
      if (sse.data.startsWith('[DONE]')) {
        isDone = true;
        continue;
      }
      if (sse.event?.startsWith('thread.')) continue;
      let data: OpenAI.ChatCompletionChunk & { error?: object };
      try {
        data = JSON.parse(sse.data) as typeof data;
      } catch (error) {
        chunks.push(error as Error);
        break;
      }
      if (data?.error) {
        chunks.push(new APIError(undefined, data.error, undefined, response.headers));
        break;
      }
      chunks.push(data);
    }
    return chunks;
  };
  let isFinished = false;
  const streamed = streamedBodyOf(response);
  let read: () => Promise<IteratorResult<Uint8Array>>;
  let release = () => {};
  if (streamed) {
    const pieces = streamed[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
    read = () => pieces.next();
  } else if (response.body) {
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    read = () => reader.read() as Promise<IteratorResult<Uint8Array>>;
    release = () => reader.releaseLock();
  } else {
    controller.abort();
    throw new Error('Attempted to iterate over a response with no body');
  }
  try {
    for (;;) {
      let piece: IteratorResult<Uint8Array>;
      try {
        piece = await read();
      } catch (error) {
        if (isAbortError(error)) return;
        throw error;
      }
      if (piece.done) break;
      for (const chunk of chunksOf(piece.value)) {
        if (chunk instanceof Error) throw chunk;
        yield chunk;
      }
    }
    isFinished = true;
  } finally {
    // Stopped before the body's end (the caller broke off, or a bad chunk): end the request.
    if (!isFinished) controller.abort();
    release();
  }
}

export function createOpenAIChatAdapter({
  kind,
  client,
  models,
  beforeCall,
}: OpenAIChatAdapterOptions): ProviderAdapter {
  function params(request: ChatRequest): ChatCompletionCreateParamsBase {
    const isReasoningModel = findModel(kind, request.model, models)?.capabilities.reasoning ?? false;
    const body: ChatCompletionCreateParamsBase = {
      model: request.model,
      messages: toOpenAIMessages(request.messages),
    };
    if (request.tools && request.tools.length > 0) {
      body.tools = toOpenAITools(request.tools);
      if (request.toolChoice === 'none') body.tool_choice = 'none';
    }
    // OpenAI's reasoning models reject any temperature but the default, and `max_tokens` altogether.
    if (request.temperature !== undefined && !(kind === 'openai' && isReasoningModel)) {
      body.temperature = request.temperature;
    }
    if (request.maxTokens !== undefined) {
      // Compatible servers (Ollama, vLLM, LM Studio) still only know the older `max_tokens`.
      if (kind === 'openai') body.max_completion_tokens = request.maxTokens;
      else body.max_tokens = request.maxTokens;
    }
    const effort = isReasoningModel
      ? openAIReasoningEffort(request.reasoningEffort, kind, request.model)
      : undefined;
    if (effort !== undefined) body.reasoning_effort = effort;
    return body;
  }

  return {
    kind,
    async *streamOnce(request, signal): AsyncIterable<ProviderEvent> {
      beforeCall?.();
      const { data: sdkStream, response } = await client.chat.completions
        .create({ ...params(request), stream: true, stream_options: { include_usage: true } }, { signal })
        .withResponse();
      let finish: string | null = null;
      let usage: OpenAI.CompletionUsage | undefined;
      let outputChars = '';
      const toolCalls = createOpenAIToolCallCollector();
      for await (const chunk of chatCompletionChunks(response, sdkStream.controller)) {
        if (chunk.usage) usage = chunk.usage;
        const choice = chunk.choices[0];
        if (!choice) continue;
        const reasoning = reasoningText(choice.delta as ReasoningFields);
        if (reasoning) {
          outputChars += reasoning;
          yield { type: 'reasoning', text: reasoning };
        }
        if (choice.delta.content) {
          outputChars += choice.delta.content;
          yield { type: 'text', text: choice.delta.content };
        }
        if (choice.delta.tool_calls) toolCalls.add(choice.delta.tool_calls);
        if (choice.finish_reason) finish = choice.finish_reason;
      }
      if (finish === null) throw truncatedStreamError(kind);
      for (const call of toolCalls.finish()) {
        outputChars += call.name + JSON.stringify(call.arguments);
        yield call;
      }
      yield {
        type: 'usage',
        // Some compatible servers ignore include_usage: estimate rather than bill nothing.
        inputTokens: usage?.prompt_tokens ?? estimateTokens(request.messages),
        outputTokens: usage?.completion_tokens ?? estimateTextTokens(outputChars),
        ...reportedReasoningTokens(usage),
        finishReason: normaliseOpenAIFinish(finish),
        model: request.model,
      };
    },
    async completeOnce(request, signal) {
      beforeCall?.();
      const completion = await client.chat.completions.create(
        { ...params(request), stream: false },
        { signal },
      );
      const choice = completion.choices[0];
      const text = choice?.message.content ?? '';
      const reasoning = reasoningText(choice?.message as ReasoningFields | undefined);
      return {
        text,
        reasoning,
        usage: {
          inputTokens: completion.usage?.prompt_tokens ?? estimateTokens(request.messages),
          outputTokens: completion.usage?.completion_tokens ?? estimateTextTokens(reasoning + text),
          ...reportedReasoningTokens(completion.usage),
        },
        finishReason: normaliseOpenAIFinish(choice?.finish_reason),
        model: request.model,
      };
    },
    async embedOnce({ model, inputs }, signal) {
      beforeCall?.();
      // Floats, not the SDK's default base64: Ollama and other compatible servers only speak floats.
      const response = await client.embeddings.create(
        { model, input: inputs, encoding_format: 'float' },
        { signal },
      );
      const vectors = [...response.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
      return { vectors, inputTokens: response.usage.prompt_tokens };
    },
    async listModelIds(signal) {
      beforeCall?.();
      const ids: string[] = [];
      for await (const model of client.models.list({ signal })) ids.push(model.id);
      return ids;
    },
  };
}
