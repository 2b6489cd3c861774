import {
  FunctionCallingConfigMode,
  GoogleGenAI,
  type GenerateContentConfig,
  type GenerateContentResponse,
} from '@google/genai';
import { buildProvider, requireApiKey, truncatedStreamError, type ProviderAdapter } from './build-provider';
import { parseRetryAfter, ProviderError, toProviderError } from './errors';
import { findModel } from './catalogue';
import { toGooglePrompt, toGoogleTools } from './google-messages';
import { geminiThinkingConfig } from './reasoning-effort';
import type { AIProvider, ChatRequest, FinishReason, ProviderEvent, ProviderOptions } from './types';

export const GOOGLE_BASE_URL = 'https://generativelanguage.googleapis.com';

const FILTER_REASONS = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
]);

function normaliseGoogleFinish(reason: string | undefined): FinishReason {
  if (reason === 'STOP') return 'stop';
  if (reason === 'MAX_TOKENS') return 'length';
  if (reason && FILTER_REASONS.has(reason)) return 'content_filter';
  return 'other';
}

/**
 * The Gemini SDK's ApiError keeps the status but drops the response headers, so each call gets a
 * fetch wrapper that remembers the last failed response's Retry-After for the error mapping.
 */
function retryAfterRecorder(baseFetch: typeof fetch) {
  const state: { retryAfterMs: number | undefined } = { retryAfterMs: undefined };
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await baseFetch(input, init);
    if (!response.ok) state.retryAfterMs = parseRetryAfter(response.headers);
    return response;
  };
  return { state, fetch: recordingFetch };
}

function promptBlocked(response: GenerateContentResponse): ProviderError | undefined {
  const reason = response.promptFeedback?.blockReason;
  if (!reason) return undefined;
  return new ProviderError('CONTENT_FILTERED', "The AI provider's content filter blocked this request.", {
    provider: 'google',
    upstreamMessage: `prompt blocked: ${reason}`,
  });
}

/** Gemini through the official `@google/genai` SDK (the old `@google/generative-ai` is retired). */
export function createGoogleProvider(options: ProviderOptions = {}): AIProvider {
  const client = new GoogleGenAI({
    apiKey: options.apiKey || 'missing-api-key',
    // No retryOptions: the SDK then makes exactly one attempt, leaving retries to retry.ts.
    httpOptions: { baseUrl: options.baseUrl ?? GOOGLE_BASE_URL, timeout: options.timeoutMs },
  });

  function request(chat: ChatRequest, signal: AbortSignal | undefined) {
    const { systemInstruction, contents } = toGooglePrompt(chat.messages);
    const recorder = retryAfterRecorder(options.fetch ?? globalThis.fetch);
    const isReasoningModel = findModel('google', chat.model, options.models)?.capabilities.reasoning ?? false;
    const config: GenerateContentConfig = {
      ...(isReasoningModel ? { thinkingConfig: geminiThinkingConfig(chat.reasoningEffort, chat.model) } : {}),
      abortSignal: signal,
      httpOptions: { fetch: recorder.fetch },
      ...(systemInstruction !== undefined ? { systemInstruction } : {}),
      ...(chat.temperature !== undefined ? { temperature: chat.temperature } : {}),
      ...(chat.maxTokens !== undefined ? { maxOutputTokens: chat.maxTokens } : {}),
      ...(chat.tools && chat.tools.length > 0
        ? {
            tools: toGoogleTools(chat.tools),
            ...(chat.toolChoice === 'none'
              ? { toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.NONE } } }
              : {}),
          }
        : {}),
    };
    const mapError = (error: unknown) =>
      toProviderError(error, { provider: 'google', retryAfterMs: recorder.state.retryAfterMs });
    return { params: { model: chat.model, contents, config }, mapError };
  }

  const adapter: ProviderAdapter = {
    kind: 'google',
    async *streamOnce(chat, signal): AsyncIterable<ProviderEvent> {
      requireApiKey('google', options.apiKey);
      const { params, mapError } = request(chat, signal);
      let inputTokens = 0;
      let outputTokens = 0;
      let reasoningTokens: number | undefined;
      let finish: string | undefined;
      let hasOutput = false;
      let toolCallCount = 0;
      try {
        for await (const chunk of await client.models.generateContentStream(params)) {
          const blocked = promptBlocked(chunk);
          if (blocked && !hasOutput) throw blocked;
          const usage = chunk.usageMetadata;
          if (usage) {
            inputTokens = usage.promptTokenCount ?? inputTokens;
            // Thinking tokens are billed as output.
            outputTokens =
              (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0) || outputTokens;
            reasoningTokens = usage.thoughtsTokenCount ?? reasoningTokens;
          }
          const candidate = chunk.candidates?.[0];
          for (const part of candidate?.content?.parts ?? []) {
            if (part.functionCall?.name) {
              hasOutput = true;
              toolCallCount += 1;
              yield {
                type: 'tool_call',
                // The Gemini API may leave the id out: calls are then matched by name.
                callId: part.functionCall.id ?? `call_${toolCallCount}`,
                name: part.functionCall.name,
                arguments: part.functionCall.args ?? {},
              };
              continue;
            }
            if (!part.text) continue;
            hasOutput = true;
            yield { type: part.thought ? 'reasoning' : 'text', text: part.text };
          }
          if (candidate?.finishReason) finish = candidate.finishReason;
        }
      } catch (error) {
        throw mapError(error);
      }
      if (finish === undefined) throw truncatedStreamError('google');
      yield {
        type: 'usage',
        inputTokens,
        outputTokens,
        ...(reasoningTokens === undefined ? {} : { reasoningTokens }),
        // Gemini ends a turn that calls functions with STOP like any other.
        finishReason: toolCallCount > 0 && finish === 'STOP' ? 'tool_calls' : normaliseGoogleFinish(finish),
        model: chat.model,
      };
    },
    async completeOnce(chat, signal) {
      requireApiKey('google', options.apiKey);
      const { params, mapError } = request(chat, signal);
      let response: GenerateContentResponse;
      try {
        response = await client.models.generateContent(params);
      } catch (error) {
        throw mapError(error);
      }
      const blocked = promptBlocked(response);
      if (blocked) throw blocked;
      const candidate = response.candidates?.[0];
      let text = '';
      let reasoning = '';
      for (const part of candidate?.content?.parts ?? []) {
        if (part.thought) reasoning += part.text ?? '';
        else text += part.text ?? '';
      }
      const usage = response.usageMetadata;
      return {
        text,
        reasoning,
        usage: {
          inputTokens: usage?.promptTokenCount ?? 0,
          outputTokens: (usage?.candidatesTokenCount ?? 0) + (usage?.thoughtsTokenCount ?? 0),
          ...(usage?.thoughtsTokenCount === undefined ? {} : { reasoningTokens: usage.thoughtsTokenCount }),
        },
        finishReason: normaliseGoogleFinish(candidate?.finishReason),
        model: chat.model,
      };
    },
    async embedOnce({ model, inputs }, signal) {
      requireApiKey('google', options.apiKey);
      const recorder = retryAfterRecorder(options.fetch ?? globalThis.fetch);
      try {
        const response = await client.models.embedContent({
          model,
          contents: inputs,
          config: { abortSignal: signal, httpOptions: { fetch: recorder.fetch } },
        });
        const vectors = (response.embeddings ?? []).map((embedding) => embedding.values ?? []);
        if (vectors.length !== inputs.length) {
          throw new ProviderError(
            'PROVIDER_UNAVAILABLE',
            'The AI provider returned the wrong number of embeddings.',
            {
              provider: 'google',
            },
          );
        }
        // Gemini's embedding API reports no token usage.
        return { vectors, inputTokens: 0 };
      } catch (error) {
        throw toProviderError(error, { provider: 'google', retryAfterMs: recorder.state.retryAfterMs });
      }
    },
    async listModelIds(signal) {
      requireApiKey('google', options.apiKey);
      const recorder = retryAfterRecorder(options.fetch ?? globalThis.fetch);
      try {
        const pager = await client.models.list({
          config: { abortSignal: signal, httpOptions: { fetch: recorder.fetch } },
        });
        const ids: string[] = [];
        for await (const model of pager) if (model.name) ids.push(model.name.replace(/^models\//, ''));
        return ids;
      } catch (error) {
        throw toProviderError(error, { provider: 'google', retryAfterMs: recorder.state.retryAfterMs });
      }
    },
  };
  return buildProvider(adapter, options);
}
