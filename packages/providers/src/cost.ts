import type { ModelPricing, TokenUsage } from './types';

const MICROS_PER_MILLION_TOKENS = 1_000_000n;

function toBigInt(name: string, value: number): bigint {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
  }
  return BigInt(value);
}

/**
 * Cost of `usage` at `pricing`, in integer micro-dollars, rounded half up once at the end.
 * BigInt keeps every intermediate product exact: tokens × micros-per-million can pass 2^53.
 */
export function calculateCostMicros(pricing: ModelPricing, usage: TokenUsage): number {
  const total =
    toBigInt('inputTokens', usage.inputTokens) * toBigInt('inputPerMTokMicros', pricing.inputPerMTokMicros) +
    toBigInt('outputTokens', usage.outputTokens) *
      toBigInt('outputPerMTokMicros', pricing.outputPerMTokMicros);
  const rounded = (total + MICROS_PER_MILLION_TOKENS / 2n) / MICROS_PER_MILLION_TOKENS;
  if (rounded > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('cost exceeds the safe integer range');
  return Number(rounded);
}
