import type { ReasoningEffort } from '@vivier/contracts';

export type { ReasoningEffort };

/**
 * Thinking budgets (tokens) for the providers that take a budget rather than a level. Anthropic
 * wants at least 1 024; these follow the steps its docs and Gemini's suggest (a few thousand for
 * everyday questions, tens of thousands for hard problems).
 */
export const THINKING_BUDGET_TOKENS = { low: 2_048, medium: 8_192, high: 24_576 } as const;

/** Anthropic's floor for `budget_tokens`. */
const ANTHROPIC_MIN_BUDGET = 1_024;

/** OpenAI `reasoning_effort`; undefined sends nothing (the model's default). */
export function openAIReasoningEffort(
  effort: ReasoningEffort | undefined,
  kind: 'openai' | 'openai-compatible',
  modelId: string,
): 'none' | 'minimal' | 'low' | 'medium' | 'high' | undefined {
  if (effort === undefined) return undefined;
  if (effort !== 'off') return effort;
  // Compatible servers (Ollama, vLLM chat templates, OpenRouter) spell "no thinking" `none`.
  if (kind === 'openai-compatible') return 'none';
  // OpenAI: GPT-5 took `minimal` as its lowest level, GPT-5.1 and later take `none`; the o-series
  // cannot stop thinking at all, so `off` leaves them at their default rather than failing the call.
  if (/^gpt-5\.\d/.test(modelId)) return 'none';
  if (/^gpt-5(-|$)/.test(modelId)) return 'minimal';
  return undefined;
}

export interface AnthropicThinkingPlan {
  thinking?: { type: 'enabled'; budget_tokens: number };
  maxTokens: number;
  /** Extended thinking rejects any temperature but the default. */
  keepsTemperature: boolean;
}

/**
 * Anthropic's extended thinking: `max_tokens` counts the thinking too and must exceed
 * `budget_tokens`, so the answer keeps the room it asked for (`answerTokens`) on top of the budget,
 * within the model's output limit; the budget shrinks (never below 1 024) when the limit is tight.
 */
export function anthropicThinkingPlan(
  effort: ReasoningEffort | undefined,
  answerTokens: number,
  modelMaxOutputTokens: number,
): AnthropicThinkingPlan {
  if (effort === undefined || effort === 'off') {
    return { maxTokens: answerTokens, keepsTemperature: true };
  }
  const maxTokens = Math.min(THINKING_BUDGET_TOKENS[effort] + answerTokens, modelMaxOutputTokens);
  const budget = Math.max(ANTHROPIC_MIN_BUDGET, Math.min(THINKING_BUDGET_TOKENS[effort], maxTokens - 1));
  return {
    thinking: { type: 'enabled', budget_tokens: budget },
    maxTokens: Math.max(maxTokens, budget + 1),
    keepsTemperature: false,
  };
}

/**
 * Gemini's `thinkingConfig`: thoughts are only returned when asked for (`includeThoughts`). `off`
 * is a budget of 0, which the Pro models refuse: they get their smallest budget (128) instead.
 */
export function geminiThinkingConfig(
  effort: ReasoningEffort | undefined,
  modelId: string,
): { includeThoughts: boolean; thinkingBudget?: number } {
  if (effort === undefined) return { includeThoughts: true };
  if (effort === 'off') {
    return /-pro\b/.test(modelId)
      ? { includeThoughts: false, thinkingBudget: 128 }
      : { includeThoughts: false, thinkingBudget: 0 };
  }
  return { includeThoughts: true, thinkingBudget: THINKING_BUDGET_TOKENS[effort] };
}
