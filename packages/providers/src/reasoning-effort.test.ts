import { describe, expect, it } from 'vitest';
import {
  anthropicThinkingPlan,
  geminiThinkingConfig,
  openAIReasoningEffort,
  THINKING_BUDGET_TOKENS,
} from './reasoning-effort';

describe('openAIReasoningEffort', () => {
  it('passes the level through and sends nothing when the chat says nothing', () => {
    expect(openAIReasoningEffort('high', 'openai', 'o3')).toBe('high');
    expect(openAIReasoningEffort(undefined, 'openai', 'gpt-5')).toBeUndefined();
  });

  it('turns thinking off in the spelling each model accepts', () => {
    expect(openAIReasoningEffort('off', 'openai', 'gpt-5-mini')).toBe('minimal');
    expect(openAIReasoningEffort('off', 'openai', 'gpt-5.4')).toBe('none');
    // The o-series cannot stop thinking: sending anything would fail the call.
    expect(openAIReasoningEffort('off', 'openai', 'o3')).toBeUndefined();
    expect(openAIReasoningEffort('off', 'openai-compatible', 'deepseek-r1')).toBe('none');
  });
});

describe('anthropicThinkingPlan', () => {
  it('keeps the answer its room on top of the budget and drops the temperature', () => {
    expect(anthropicThinkingPlan('medium', 4_096, 64_000)).toEqual({
      thinking: { type: 'enabled', budget_tokens: THINKING_BUDGET_TOKENS.medium },
      maxTokens: THINKING_BUDGET_TOKENS.medium + 4_096,
      keepsTemperature: false,
    });
  });

  it('shrinks the budget below a tight output limit, never under 1 024', () => {
    const tight = anthropicThinkingPlan('high', 4_096, 8_192);
    expect(tight.maxTokens).toBe(8_192);
    expect(tight.thinking?.budget_tokens).toBe(8_191);
    const tiny = anthropicThinkingPlan('low', 1, 1_000);
    expect(tiny.thinking?.budget_tokens).toBe(1_024);
    expect(tiny.maxTokens).toBeGreaterThan(1_024);
  });

  it('changes nothing without thinking', () => {
    expect(anthropicThinkingPlan(undefined, 900, 64_000)).toEqual({ maxTokens: 900, keepsTemperature: true });
    expect(anthropicThinkingPlan('off', 900, 64_000)).toEqual({ maxTokens: 900, keepsTemperature: true });
  });
});

describe('geminiThinkingConfig', () => {
  it('asks for thoughts, with a budget per effort', () => {
    expect(geminiThinkingConfig(undefined, 'gemini-2.5-flash')).toEqual({ includeThoughts: true });
    expect(geminiThinkingConfig('low', 'gemini-2.5-flash')).toEqual({
      includeThoughts: true,
      thinkingBudget: THINKING_BUDGET_TOKENS.low,
    });
  });

  it('turns thinking off with budget 0, except on Pro models which cannot', () => {
    expect(geminiThinkingConfig('off', 'gemini-2.5-flash')).toEqual({
      includeThoughts: false,
      thinkingBudget: 0,
    });
    expect(geminiThinkingConfig('off', 'gemini-2.5-pro')).toEqual({
      includeThoughts: false,
      thinkingBudget: 128,
    });
  });
});
