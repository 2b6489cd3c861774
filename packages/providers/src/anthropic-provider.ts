import Anthropic from '@anthropic-ai/sdk';
import { buildProvider, requireApiKey, truncatedStreamError, type ProviderAdapter } from './build-provider';
import { findModel } from './catalogue';
import { toAnthropicPrompt, toAnthropicTools } from './anthropic-messages';
import { anthropicThinkingPlan } from './reasoning-effort';
import { parseToolArguments } from './tool-arguments';
import type { ChatRequest, FinishReason, ProviderEvent, ProviderOptions, AIProvider } from './types';

export const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';
/** The API requires max_tokens; used when neither the request nor the catalogue says more. */
const DEFAULT_MAX_TOKENS = 4_096;
const NON_STREAMING_TIMEOUT_MS = 10 * 60 * 1000;

function normaliseAnthropicStop(reason: string | null | undefined): FinishReason {
  if (reason === 'end_turn' || reason === 'stop_sequence') return 'stop';
  if (reason === 'max_tokens' || reason === 'model_context_window_exceeded') return 'length';
  if (reason === 'refusal') return 'content_filter';
  if (reason === 'tool_use') return 'tool_calls';
  return 'other';
}

/** Claude's Messages API through the official `@anthropic-ai/sdk`. */
export function createAnthropicProvider(options: ProviderOptions = {}): AIProvider {
  const client = new Anthropic({
    apiKey: options.apiKey || 'missing-api-key',
    baseURL: options.baseUrl ?? ANTHROPIC_BASE_URL,
    maxRetries: 0,
    fetch: options.fetch,
    timeout: options.timeoutMs,
  });
  const models = options.models ?? [];

  function params(request: ChatRequest) {
    const { system, messages } = toAnthropicPrompt(request.messages);
    const catalogued = findModel('anthropic', request.model, models);
    const answerTokens =
      request.maxTokens ?? Math.min(catalogued?.maxOutputTokens ?? DEFAULT_MAX_TOKENS, DEFAULT_MAX_TOKENS);
    const plan = anthropicThinkingPlan(
      catalogued?.capabilities.reasoning ? request.reasoningEffort : undefined,
      answerTokens,
      catalogued?.maxOutputTokens ?? Number.MAX_SAFE_INTEGER,
    );
    return {
      model: request.model,
      max_tokens: plan.maxTokens,
      messages,
      ...(system !== undefined ? { system } : {}),
      ...(plan.thinking ? { thinking: plan.thinking } : {}),
      ...(request.temperature !== undefined && plan.keepsTemperature
        ? { temperature: request.temperature }
        : {}),
      ...(request.tools && request.tools.length > 0
        ? {
            tools: toAnthropicTools(request.tools),
            ...(request.toolChoice === 'none' ? { tool_choice: { type: 'none' as const } } : {}),
          }
        : {}),
    };
  }

  const adapter: ProviderAdapter = {
    kind: 'anthropic',
    async *streamOnce(request, signal): AsyncIterable<ProviderEvent> {
      requireApiKey('anthropic', options.apiKey);
      const stream = await client.messages.create({ ...params(request), stream: true }, { signal });
      let inputTokens = 0;
      let outputTokens = 0;
      let stopReason: string | null = null;
      let isStopped = false;
      // tool_use blocks stream their input as `input_json_delta` pieces, whole at content_block_stop.
      const toolUses = new Map<number, { id: string; name: string; json: string }>();
      for await (const event of stream) {
        if (event.type === 'message_start') {
          const usage = event.message.usage;
          // Cached prompt tokens are billed as input too (at their own rate, which we do not model).
          inputTokens =
            usage.input_tokens +
            (usage.cache_creation_input_tokens ?? 0) +
            (usage.cache_read_input_tokens ?? 0);
          outputTokens = usage.output_tokens;
        } else if (event.type === 'content_block_start') {
          if (event.content_block.type === 'tool_use') {
            const { id, name } = event.content_block;
            toolUses.set(event.index, { id, name, json: '' });
          }
        } else if (event.type === 'content_block_delta') {
          if (event.delta.type === 'text_delta') yield { type: 'text', text: event.delta.text };
          if (event.delta.type === 'thinking_delta') yield { type: 'reasoning', text: event.delta.thinking };
          if (event.delta.type === 'input_json_delta') {
            const toolUse = toolUses.get(event.index);
            if (toolUse) toolUse.json += event.delta.partial_json;
          }
        } else if (event.type === 'content_block_stop') {
          const toolUse = toolUses.get(event.index);
          if (toolUse) {
            toolUses.delete(event.index);
            yield {
              type: 'tool_call',
              callId: toolUse.id,
              name: toolUse.name,
              arguments: parseToolArguments(toolUse.json),
            };
          }
        } else if (event.type === 'message_delta') {
          stopReason = event.delta.stop_reason ?? stopReason;
          // message_delta usage is cumulative.
          outputTokens = event.usage.output_tokens ?? outputTokens;
          if (typeof event.usage.input_tokens === 'number' && event.usage.input_tokens > 0) {
            inputTokens = Math.max(inputTokens, event.usage.input_tokens);
          }
        } else if (event.type === 'message_stop') {
          isStopped = true;
        }
      }
      if (!isStopped) throw truncatedStreamError('anthropic');
      yield {
        type: 'usage',
        inputTokens,
        outputTokens,
        finishReason: normaliseAnthropicStop(stopReason),
        model: request.model,
      };
    },
    async completeOnce(request, signal) {
      requireApiKey('anthropic', options.apiKey);
      // An explicit timeout: without one the SDK refuses non-streaming calls with a large max_tokens.
      const message = await client.messages.create(
        { ...params(request), stream: false },
        { signal, timeout: options.timeoutMs ?? NON_STREAMING_TIMEOUT_MS },
      );
      let text = '';
      let reasoning = '';
      for (const block of message.content) {
        if (block.type === 'text') text += block.text;
        if (block.type === 'thinking') reasoning += block.thinking;
      }
      const usage = message.usage;
      return {
        text,
        reasoning,
        usage: {
          inputTokens:
            usage.input_tokens +
            (usage.cache_creation_input_tokens ?? 0) +
            (usage.cache_read_input_tokens ?? 0),
          outputTokens: usage.output_tokens,
        },
        finishReason: normaliseAnthropicStop(message.stop_reason),
        model: request.model,
      };
    },
    async listModelIds(signal) {
      requireApiKey('anthropic', options.apiKey);
      const ids: string[] = [];
      for await (const model of client.models.list({}, { signal })) ids.push(model.id);
      return ids;
    },
  };
  return buildProvider(adapter, options);
}
